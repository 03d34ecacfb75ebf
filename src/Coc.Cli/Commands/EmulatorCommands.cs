using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Coc.Cli.Connection;
using Coc.Cli.Output;
using Spectre.Console;
using static Coc.Cli.Commands.CommandHelpers;

namespace Coc.Cli.Commands;

/// <summary><c>coc emulator …</c>: the control plane (<c>/_coc/…</c>, control.md) — open to everyone in emulator mode,
/// to coc:admin callers in secure mode (faults and the clock only when the server enables them).</summary>
public sealed class EmulatorCommands
{
    public EmulatorCommands(CliApp app)
    {
        Command = new Command("emulator", "Control plane for tests: info, health, reset, snapshots, export/import, faults, clock.");
        var info = new Command("info", "Version, mode, engine, uptime, clock offset and counts.").Does(app, async c =>
            c.Out.Item(await c.Connection.DataAsync(HttpMethod.Get, "_coc/info", null, c.Cancellation)));
        var health = new Command("health", "Each subsystem: ok, or why not.").Does(app, async c =>
            c.Out.Item(await c.Connection.DataAsync(HttpMethod.Get, "_coc/health", null, c.Cancellation)));

        var project = Text("--only-project", "Reset only this project", "ID");
        var credentials = new Option<bool>("--credentials") { Description = "Also remove credentials and projects" };
        var reset = new Command("reset", "Remove tickets, histories, attachments, alarms, integrations, webhooks, idempotency keys and caches.")
            .With(project, credentials).Does(app, async c =>
            {
                var body = new JsonObject();
                body.Put("project_id", c.Value(project));
                if (c.Value(credentials)) body["credentials"] = true;
                var data = await c.Connection.DataAsync(HttpMethod.Post, "_coc/reset", body, c.Cancellation);
                c.Out.Done(c.Value(project) is { } p ? $"project {p} reset" : "everything reset", data);
            });

        var name = new Argument<string>("name") { Description = "The snapshot's name" };
        var optionalName = new Argument<string?>("name") { Description = "A name (default: the server picks one)", Arity = ArgumentArity.ZeroOrOne };
        var snapshot = new Command("snapshot", "Snapshots of the whole state (SQLite): take one, list, delete.");
        var take = new Command("take", "A consistent copy of everything, taken while serving.") { Aliases = { "create" } }.With(optionalName).Does(app, async c =>
        {
            var body = new JsonObject();
            body.Put("name", c.Value(optionalName));
            c.Out.Item(await c.Connection.DataAsync(HttpMethod.Post, "_coc/snapshots", body, c.Cancellation));
        });
        var listSnapshots = new Command("list", "The snapshots kept beside the database.").Does(app, async c =>
        {
            var data = await c.Connection.DataAsync(HttpMethod.Get, "_coc/snapshots", null, c.Cancellation);
            c.Out.List(data, data?["snapshots"] as JsonArray,
                [Renderer.Column.Field("name", "name"), Renderer.Column.Field("size", "size"), new("created", r => Renderer.Time(r?["created_at"]))]);
        });
        var deleteSnapshot = new Command("delete", "Delete a snapshot.").With(name).Does(app, async c =>
        {
            await c.Connection.SendAsync(HttpMethod.Delete, $"_coc/snapshots/{Escape(c.Value(name)!)}", (JsonNode?)null, c.Cancellation);
            c.Out.Done($"snapshot {c.Value(name)} deleted");
        });
        snapshot.With(take, listSnapshots, deleteSnapshot);
        var restore = new Command("restore", "Replace the running state with a snapshot (caches dropped).").With(name).Does(app, async c =>
        {
            var data = await c.Connection.DataAsync(HttpMethod.Post, $"_coc/snapshots/{Escape(c.Value(name)!)}/restore", new JsonObject(), c.Cancellation);
            c.Out.Done($"restored {c.Value(name)}", data);
        });

        var exportProject = new Argument<string>("project_id") { Description = "The project (default in emulator mode: default)" };
        var to = new Option<FileInfo>("--to") { Description = "Write the document here (default: standard output)", HelpName = "FILE" };
        var export = new Command("export", "One project as a JSON document (tickets with histories, attachments, alarms, integrations, webhooks).")
            .With(exportProject, to).Does(app, async c =>
            {
                var path = $"_coc/projects/{Escape(c.Value(exportProject)!)}/export";
                // the document itself (the answer's data), as import and --seed read it
                var document = await WithStatus(c, "exporting", () => c.Connection.DataAsync(HttpMethod.Get, path, null, c.Cancellation));
                if (c.Value(to) is not { } file) { c.Out.Json(document); return; }
                await File.WriteAllTextAsync(file.FullName, CliJson.Write(document), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), c.Cancellation);
                c.Environment.Stderr.WriteLine($"wrote {new FileInfo(file.FullName).Length} bytes to {file.FullName}");
            });
        var from = new Argument<FileInfo>("file") { Description = "A document that export wrote" };
        var importProject = new Argument<string>("project_id") { Description = "The project to import into" };
        var mode = new Option<string>("--mode") { Description = "merge (default) or replace", HelpName = "merge|replace", DefaultValueFactory = _ => "merge" };
        mode.AcceptOnlyFromAmong("merge", "replace");
        var import = new Command("import", "Load an exported document into a project.").With(importProject, from, mode).Does(app, async c =>
        {
            var file = c.Value(from)!;
            if (!file.Exists) throw new UsageException($"no such file: {file.FullName}");
            var content = new StreamContent(file.OpenRead());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var path = $"_coc/projects/{Escape(c.Value(importProject)!)}/import?mode={c.Value(mode)}";
            var answer = await WithStatus(c, $"importing {file.Name}", () => c.Connection.SendAsync(HttpMethod.Post, path, content, c.Cancellation));
            c.Out.Done($"imported {file.Name} into {c.Value(importProject)}", answer?["data"]);
        });

        Command.With(info, health, reset, snapshot, restore, export, import, Faults(app), Clock(app));
    }

    public Command Command { get; }

    private static Command Faults(CliApp app)
    {
        var faults = new Command("faults", "Fault injection: answer matching requests with an error and/or a delay.");
        var list = new Command("list", "The active rules.").Does(app, async c =>
        {
            var data = await c.Connection.DataAsync(HttpMethod.Get, "_coc/faults", null, c.Cancellation);
            c.Out.List(data, data as JsonArray ?? data?["faults"] as JsonArray,
            [
                Renderer.Column.Field("id", "id"), Renderer.Column.Field("method", "method"), Renderer.Column.Field("path", "path"),
                Renderer.Column.Field("operate_key", "operate_key"), Renderer.Column.Field("status", "status"), Renderer.Column.Field("error_code", "error_code"),
                Renderer.Column.Field("probability", "probability"), Renderer.Column.Field("latency_ms", "latency_ms"), Renderer.Column.Field("count", "count"),
            ]);
        });
        var method = Text("--method", "Only this HTTP method", "METHOD");
        var path = Text("--path", "Only this path (e.g. /v1/external/incident/handle)", "PATH");
        var operateKey = Text("--operate-key", "Only handle requests with this operate_key", "KEY");
        var probability = new Option<double?>("--probability") { Description = "0-1 (default 1)", HelpName = "P" };
        var latency = new Option<int?>("--latency-ms") { Description = "Delay the answer", HelpName = "MS" };
        var status = new Option<int?>("--status") { Description = "Answer with this HTTP status, e.g. 503", HelpName = "HTTP" };
        var errorCode = Text("--error-code", "With this code, e.g. GOM.00007299 or APIGW.0308", "CODE");
        var errorMsg = Text("--error-msg", "With this message");
        var count = new Option<int?>("--count") { Description = "Only the next N matching requests", HelpName = "N" };
        var expires = new Option<int?>("--expires-in-ms") { Description = "Remove the rule after this long", HelpName = "MS" };
        var add = new Command("add", "Add a rule; prints its id.").With(method, path, operateKey, probability, latency, status, errorCode, errorMsg, count, expires)
            .Does(app, async c =>
            {
                var body = new JsonObject();
                body.Put("method", c.Value(method));
                body.Put("path", c.Value(path));
                body.Put("operate_key", c.Value(operateKey));
                if (c.Value(probability) is { } p) body["probability"] = p;
                body.Put("latency_ms", c.Value(latency));
                body.Put("status", c.Value(status));
                body.Put("error_code", c.Value(errorCode));
                body.Put("error_msg", c.Value(errorMsg));
                body.Put("count", c.Value(count));
                body.Put("expires_in_ms", c.Value(expires));
                var data = await c.Connection.DataAsync(HttpMethod.Post, "_coc/faults", body, c.Cancellation);
                if (c.Out.Format == OutputFormat.Json) c.Out.Json(data);
                else c.Environment.Stdout.WriteLine(data?["id"]?.ToString());
            });
        var id = new Argument<string?>("id") { Description = "The rule (omit with --all)", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Remove every rule" };
        var remove = new Command("remove", "Remove a rule, or every rule.") { Aliases = { "delete" } }.With(id, all).Does(app, async c =>
        {
            var target = c.Value(all) ? "_coc/faults" : c.Value(id) is { } one ? $"_coc/faults/{Escape(one)}" : throw new UsageException("give a rule id, or --all");
            await c.Connection.SendAsync(HttpMethod.Delete, target, (JsonNode?)null, c.Cancellation);
            c.Out.Done(c.Value(all) ? "every fault rule removed" : $"fault rule {c.Value(id)} removed");
        });
        return faults.With(list, add, remove);
    }

    private static Command Clock(CliApp app)
    {
        var clock = new Command("clock", "The service clock: show it, move it forward, set it, reset it to real time.");
        var show = new Command("show", "Now on the service clock, and its offset from real time.").Does(app, async c => Print(c, await c.Connection.DataAsync(HttpMethod.Get, "_coc/clock", null, c.Cancellation)));
        var by = new Argument<string>("duration") { Description = "How far: 90s, 30m, 2h, 1d, or ms" };
        var advance = new Command("advance", "Move the clock forward (pause ends, SLA timers, token expiry follow).").With(by).Does(app, async c =>
            Print(c, await c.Connection.DataAsync(HttpMethod.Post, "_coc/clock", new JsonObject { ["advance_ms"] = Duration(c.Value(by)!) }, c.Cancellation)));
        var at = new Argument<string>("time") { Description = "ms since the epoch or an ISO 8601 time (never before the newest stored time)" };
        var set = new Command("set", "Set the clock to a time.").With(at).Does(app, async c =>
            Print(c, await c.Connection.DataAsync(HttpMethod.Post, "_coc/clock", new JsonObject { ["set"] = Time(c.Value(at), "time") }, c.Cancellation)));
        var reset = new Command("reset", "Back to real time.").Does(app, async c =>
            Print(c, await c.Connection.DataAsync(HttpMethod.Post, "_coc/clock", new JsonObject { ["reset"] = true }, c.Cancellation)));
        return clock.With(show, advance, set, reset);

        static void Print(CliContext c, JsonNode? data)
        {
            if (c.Out.Format == OutputFormat.Json) c.Out.Json(data);
            else c.Environment.Stdout.WriteLine($"{Renderer.Time(data?["now"])} (offset {Renderer.Scalar(data?["offset_ms"])} ms)");
        }
    }

    /// <summary>90s, 30m, 2h, 1d or plain milliseconds.</summary>
    internal static long Duration(string text)
    {
        if (long.TryParse(text, out var ms) && ms >= 0) return ms;
        if (text.Length > 1 && double.TryParse(text[..^1], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 0)
        {
            var unit = text[^1] switch { 's' => 1_000L, 'm' => 60_000L, 'h' => 3_600_000L, 'd' => 86_400_000L, _ => 0L };
            if (unit > 0) return (long)(n * unit);
        }
        throw new UsageException($"duration must be like 90s, 30m, 2h, 1d or milliseconds, not '{text}'");
    }

    /// <summary>A spinner on standard error while <paramref name="work"/> runs, when a person is watching.</summary>
    private static async Task<T> WithStatus<T>(CliContext c, string what, Func<Task<T>> work)
    {
        if (!ReferenceEquals(c.Environment.Stderr, Console.Error) || Console.IsErrorRedirected) return await work();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Status().StartAsync(what + "…", _ => work());
    }
}
