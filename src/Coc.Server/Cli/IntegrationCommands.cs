using System.CommandLine;
using System.Text.Json;
using Coc.Core.Alarms;
using Coc.Core.Errors;
using Coc.Core.Reference;
using Coc.Core.Storage.Alarms;
using Coc.Core.Storage.Auth;
using Coc.Core.Tickets;
using Coc.Server.Hosting;
using Coc.Server.Storage;

namespace Coc.Server.Cli;

/// <summary>
/// <c>admin integration create|list|disable|enable|rotate-key|set-rule</c> (alarms.md, Integrations). The key is printed
/// once, on create and rotate, to standard output. Exit codes as the other admin commands: 0 done, 1 refused, 2 bad usage.
/// </summary>
public sealed class IntegrationCommands(TextWriter stdout, TextWriter stderr, Func<ServerOptions> options)
{
    private readonly Option<string> _project = new("--project") { Required = true, Description = "The project (by id)", HelpName = "ID" };
    private readonly Option<string> _id = new("--id") { Required = true, Description = "The integration (itg-…)", HelpName = "ID" };
    private readonly Option<FileInfo> _rule = new("--rule") { Description = "A JSON file holding the transfer rule", HelpName = "FILE" };

    public Command Command => new("integration", "Integrations: event sources with a key and a transfer rule.")
    {
        Create(), List(), SetEnabled("disable", false), SetEnabled("enable", true), RotateKey(), SetRule(),
    };

    private Command Create()
    {
        var type = new Option<string>("--type") { Required = true, Description = "prometheus or custom", HelpName = "TYPE" };
        type.AcceptOnlyFromAmong(IntegrationTypes.Prometheus, IntegrationTypes.Custom);
        var name = new Option<string>("--name") { Required = true, HelpName = "NAME" };
        var command = new Command("create", "Create an integration; prints its key once.") { _project, type, name, _rule };
        command.SetAction((r, ct) => RunAsync(async s =>
        {
            var rule = r.GetValue(_rule) is { } file ? ReadRule(s, file) : null;
            var made = await s.CreateAsync(r.GetRequiredValue(_project), r.GetRequiredValue(name), r.GetRequiredValue(type), true, rule, ct);
            await WriteAsync(made.Integration);
            await stdout.WriteLineAsync($"key={made.Key}\ningest_path={made.IngestPath}");
        }));
        return command;
    }

    private Command List()
    {
        var command = new Command("list", "List a project's integrations (never their keys).") { _project };
        command.SetAction((r, ct) => RunAsync(async s =>
        {
            foreach (var i in await s.ListAsync(r.GetRequiredValue(_project), ct))
                await stdout.WriteLineAsync($"{i.Id}\ttype={i.Type}\tname={i.Name}\tenabled={(i.Enabled ? "true" : "false")}\tkey=…{i.KeyHint}");
        }));
        return command;
    }

    private Command SetEnabled(string verb, bool enabled)
    {
        var command = new Command(verb, enabled ? "Accept the integration's key again." : "Refuse the integration's key (401).") { _id };
        command.SetAction((r, ct) => RunAsync(async s =>
            await WriteAsync(await s.SetEnabledAsync(null, r.GetRequiredValue(_id), enabled, ct))));
        return command;
    }

    private Command RotateKey()
    {
        var command = new Command("rotate-key", "A new key; the old one stops working at once. Prints the key once.") { _id };
        command.SetAction((r, ct) => RunAsync(async s =>
        {
            var rotated = await s.RotateKeyAsync(null, r.GetRequiredValue(_id), ct);
            await WriteAsync(rotated.Integration);
            await stdout.WriteLineAsync($"key={rotated.Key}\ningest_path={rotated.IngestPath}");
        }));
        return command;
    }

    private Command SetRule()
    {
        var rule = new Option<FileInfo>("--rule") { Required = true, Description = "A JSON file holding the transfer rule", HelpName = "FILE" };
        var command = new Command("set-rule", "Replace the transfer rule (validated first).") { _id, rule };
        command.SetAction((r, ct) => RunAsync(async s =>
            await WriteAsync(await s.SetRuleAsync(null, r.GetRequiredValue(_id), ReadRule(s, r.GetRequiredValue(rule)), ct))));
        return command;
    }

    private static TransferRule ReadRule(IntegrationService s, FileInfo file)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file.FullName));
            return s.ParseRule(doc.RootElement);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--rule {file.Name}: {e.Message}");
        }
    }

    private Task WriteAsync(Integration i) =>
        stdout.WriteLineAsync($"id={i.Id}\nproject={i.Project}\ntype={i.Type}\nname={i.Name}\nenabled={(i.Enabled ? "true" : "false")}\nkey_hint={i.KeyHint}");

    private async Task<int> RunAsync(Func<IntegrationService, Task> run)
    {
        var o = options();
        try
        {
            var secrets = new SecretsAtRest(SecretsKeySource.Load(o));
            using var database = StorageFactory.OpenDatabase(o, secrets);
            await database.MigrateAsync();
            var rules = new TicketRules(ReferenceData.Load(o.Reference), o.Emulator);
            await run(new IntegrationService(new SqlAlarmStore(database), rules, TimeProvider.System));
            return 0;
        }
        catch (Exception e) when (e is CocException or ArgumentException)
        {
            await stderr.WriteLineAsync("error: " + e.Message);
            return 1;
        }
    }
}
