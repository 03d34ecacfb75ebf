using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Coc.Cli.Connection;
using Coc.Cli.Output;
using Coc.Core.Contracts.ControlPlane;
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
            c.Out.Item(await c.Connection.Client.GetInfoAsync(c.Cancellation), ControlPlaneJsonContext.Default.InfoData));
        var health = new Command("health", "Each subsystem: ok, or why not.").Does(app, async c =>
            c.Out.Item(await c.Connection.Client.GetControlHealthAsync(c.Cancellation), ControlPlaneJsonContext.Default.ControlHealthData));

        var project = Text("--only-project", "Reset only this project", "ID");
        var credentials = new Option<bool>("--credentials") { Description = "Also remove credentials and projects" };
        var reset = new Command("reset", "Remove tickets, histories, attachments, alarms, integrations, webhooks, idempotency keys and caches.")
            .With(project, credentials).Does(app, async c =>
            {
                var data = await c.Connection.Client.ResetAsync(c.Value(project), c.Value(credentials), c.Cancellation);
                c.Out.Done(c.Value(project) is { } p ? $"project {p} reset" : "everything reset", data, ControlPlaneJsonContext.Default.ResetData);
            });

        var name = new Argument<string>("name") { Description = "The snapshot's name" };
        var optionalName = new Argument<string?>("name") { Description = "A name (default: the server picks one)", Arity = ArgumentArity.ZeroOrOne };
        var snapshot = new Command("snapshot", "Snapshots of the whole state (SQLite): take one, list, delete.");
        var take = new Command("take", "A consistent copy of everything, taken while serving.") { Aliases = { "create" } }.With(optionalName).Does(app, async c =>
        {
            c.Out.Item(await c.Connection.Client.CreateSnapshotAsync(c.Value(optionalName), c.Cancellation), ControlPlaneJsonContext.Default.SnapshotData);
        });
        var listSnapshots = new Command("list", "The snapshots kept beside the database.").Does(app, async c =>
        {
            var snapshots = await c.Connection.Client.ListSnapshotsAsync(c.Cancellation);
            c.Out.List(new SnapshotListData(snapshots), ControlPlaneJsonContext.Default.SnapshotListData, snapshots,
                [new Renderer.Column<SnapshotData>("name", s => s.Name), new("size", s => Renderer.Number(s.Size)), new("created", s => Renderer.Time(s.CreatedAt))]);
        });
        var deleteSnapshot = new Command("delete", "Delete a snapshot.").With(name).Does(app, async c =>
        {
            await c.Connection.Client.DeleteSnapshotAsync(c.Value(name)!, c.Cancellation);
            c.Out.Done($"snapshot {c.Value(name)} deleted");
        });
        snapshot.With(take, listSnapshots, deleteSnapshot);
        var restore = new Command("restore", "Replace the running state with a snapshot (caches dropped).").With(name).Does(app, async c =>
        {
            var data = await c.Connection.Client.RestoreSnapshotAsync(c.Value(name)!, c.Cancellation);
            c.Out.Done($"restored {c.Value(name)}", data, ControlPlaneJsonContext.Default.RestoreData);
        });

        var exportProject = new Argument<string>("project_id") { Description = "The project (default in emulator mode: default)" };
        var to = new Option<FileInfo>("--to") { Description = "Write the document here (default: standard output)", HelpName = "FILE" };
        var export = new Command("export", "One project as a JSON document (tickets with histories, attachments, alarms, integrations, webhooks).")
            .With(exportProject, to).Does(app, async c =>
            {
                // the document itself (the answer's data), as import and --seed read it
                var document = await WithStatus(c, "exporting", () => c.Connection.Client.ExportProjectAsync(c.Value(exportProject)!, c.Cancellation));
                if (c.Value(to) is not { } file) { c.Out.Json(document, ControlPlaneJsonContext.Default.ProjectExportDocument); return; }
                await File.WriteAllTextAsync(file.FullName, CliJson.Write(CliJson.ToNode(document, ControlPlaneJsonContext.Default.ProjectExportDocument)),
                    new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), c.Cancellation);
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
            var document = await ReadDocumentAsync(file, c.Cancellation);
            var data = await WithStatus(c, $"importing {file.Name}",
                () => c.Connection.Client.ImportProjectAsync(c.Value(importProject)!, document, c.Value(mode) == "replace", c.Cancellation));
            c.Out.Done($"imported {file.Name} into {c.Value(importProject)}", data, ControlPlaneJsonContext.Default.ImportData);
        });

        Command.With(info, health, reset, snapshot, restore, export, import, Faults(app), Clock(app));
    }

    public Command Command { get; }

    private static Command Faults(CliApp app)
    {
        var faults = new Command("faults", "Fault injection: answer matching requests with an error and/or a delay.");
        var list = new Command("list", "The active rules.").Does(app, async c =>
        {
            var rules = await c.Connection.Client.ListFaultsAsync(c.Cancellation);
            c.Out.List(new FaultListData(rules), ControlPlaneJsonContext.Default.FaultListData, rules,
            [
                new Renderer.Column<FaultRuleData>("id", f => f.Id), new("method", f => f.Method), new("path", f => f.Path),
                new("operate_key", f => f.OperateKey), new("status", f => Renderer.Number(f.Status)), new("error_code", f => f.ErrorCode),
                new("probability", f => f.Probability.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("latency_ms", f => Renderer.Number(f.LatencyMs)), new("count", f => Renderer.Number(f.Count)),
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
                var rule = new FaultRuleData
                {
                    Method = c.Value(method), Path = c.Value(path), OperateKey = c.Value(operateKey), Probability = c.Value(probability) ?? 1,
                    LatencyMs = c.Value(latency), Status = c.Value(status), ErrorCode = c.Value(errorCode), ErrorMsg = c.Value(errorMsg),
                    Count = c.Value(count), ExpiresInMs = c.Value(expires),
                };
                var added = await c.Connection.Client.AddFaultAsync(rule, c.Cancellation);
                c.Out.Line(added.Id, added, ControlPlaneJsonContext.Default.FaultRuleData);
            });
        var id = new Argument<string?>("id") { Description = "The rule (omit with --all)", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Remove every rule" };
        var remove = new Command("remove", "Remove a rule, or every rule.") { Aliases = { "delete" } }.With(id, all).Does(app, async c =>
        {
            if (c.Value(all)) await c.Connection.Client.ClearFaultsAsync(c.Cancellation);
            else await c.Connection.Client.RemoveFaultAsync(c.Value(id) ?? throw new UsageException("give a rule id, or --all"), c.Cancellation);
            c.Out.Done(c.Value(all) ? "every fault rule removed" : $"fault rule {c.Value(id)} removed");
        });
        return faults.With(list, add, remove);
    }

    private static Command Clock(CliApp app)
    {
        var clock = new Command("clock", "The service clock: show it, move it forward, set it, reset it to real time.");
        var show = new Command("show", "Now on the service clock, and its offset from real time.").Does(app, async c => Print(c, await c.Connection.Client.GetClockAsync(c.Cancellation)));
        var by = new Argument<string>("duration") { Description = "How far: 90s, 30m, 2h, 1d, or ms" };
        var advance = new Command("advance", "Move the clock forward (pause ends, SLA timers, token expiry follow).").With(by).Does(app, async c =>
            Print(c, await c.Connection.Client.AdvanceClockAsync(TimeSpan.FromMilliseconds(Duration(c.Value(by)!)), c.Cancellation)));
        var at = new Argument<string>("time") { Description = "ms since the epoch or an ISO 8601 time (never before the newest stored time)" };
        var set = new Command("set", "Set the clock to a time.").With(at).Does(app, async c =>
            Print(c, await c.Connection.Client.SetClockAsync(DateTimeOffset.FromUnixTimeMilliseconds(Time(c.Value(at), "time")!.Value), c.Cancellation)));
        var reset = new Command("reset", "Back to real time.").Does(app, async c =>
            Print(c, await c.Connection.Client.ResetClockAsync(c.Cancellation)));
        return clock.With(show, advance, set, reset);

        static void Print(CliContext c, ClockData data) =>
            c.Out.Line($"{Renderer.Time(data.Now)} (offset {data.OffsetMs} ms)", data, ControlPlaneJsonContext.Default.ClockData);
    }

    /// <summary>A document that export wrote; what is not one is a usage error, before anything is sent.</summary>
    private static async Task<ProjectExportDocument> ReadDocumentAsync(FileInfo file, CancellationToken ct)
    {
        try
        {
            await using var stream = file.OpenRead();
            return await System.Text.Json.JsonSerializer.DeserializeAsync(stream, ControlPlaneJsonContext.Default.ProjectExportDocument, ct)
                ?? throw new UsageException($"{file.FullName} holds JSON null, not an exported document");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new UsageException($"{file.FullName} is not a document that 'coc emulator export' wrote: {e.Message}");
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
