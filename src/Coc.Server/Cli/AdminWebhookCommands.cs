using System.CommandLine;
using Coc.Core.Storage;
using Coc.Core.Storage.Outbox;
using Coc.Core.Webhooks;
using Coc.Server.Hosting;

namespace Coc.Server.Cli;

/// <summary><c>admin webhook create|list|disable|enable|rotate-secret|delete</c>: subscriptions on the database the
/// server uses, checked as the API checks them. A secret is printed once, on create and rotate-secret.</summary>
public sealed partial class AdminCommands
{
    private Command WebhookCommand()
    {
        var id = new Option<string>("--id") { Required = true, HelpName = "WH", Description = "The subscription (wh-…)" };
        var project = new Option<string>("--project") { Required = true, HelpName = "ID", Description = "The project whose events it gets" };
        var url = new Option<string>("--url") { Required = true, HelpName = "URL", Description = "The receiver: an absolute http(s) URL" };
        var types = new Option<string>("--event-types") { HelpName = "LIST", Description = "Comma-separated event types (default: *, every type)" };
        var description = new Option<string>("--description") { HelpName = "TEXT" };
        var listProject = new Option<string>("--project") { HelpName = "ID", Description = "Only this project's (default: every project's)" };

        var create = new Command("create", "Subscribe a receiver to a project's events; prints its secret once.") { project, url, types, description };
        create.SetAction((r, ct) => WithDatabaseAsync(async (auth, database, secrets) =>
        {
            var projectId = r.GetRequiredValue(project);
            if (await auth.FindProjectAsync(projectId, ct) is null) throw new ArgumentException($"no project {projectId}");
            var target = await WebhookTargets.ParseAndResolveAsync(r.GetRequiredValue(url), _options.AllowsPrivateWebhookTargets, ct);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var webhook = new Webhook
            {
                Id = Webhook.NewId(), Project = projectId, Url = target.OriginalString, EventTypes = EventTypeFilter.Parse(r.GetValue(types) ?? "*"),
                Description = r.GetValue(description), Enabled = true, CreatedAt = now, UpdatedAt = now,
            };
            var secret = Webhook.NewSecret();
            await new SqlWebhookStore(database, secrets).CreateAsync(webhook, secret, ct);
            await _stdout.WriteLineAsync($"id={webhook.Id}\nsecret={secret}\nproject={projectId}\nurl={webhook.Url}\nevent_types={string.Join(',', webhook.EventTypes)}");
        }));

        var list = new Command("list", "List subscriptions (never their secrets).") { listProject };
        list.SetAction((r, ct) => WithDatabaseAsync(async (_, database, secrets) =>
        {
            foreach (var w in await new SqlWebhookStore(database, secrets).ListAsync(r.GetValue(listProject), ct))
                await _stdout.WriteLineAsync($"{w.Id}\tproject={w.Project}\turl={w.Url}\tevent_types={string.Join(',', w.EventTypes)}"
                    + $"\tenabled={(w.Enabled ? "true" : "false")}" + (w.DisabledReason is { } why ? $"\treason={why}" : ""));
        }));

        Command SetEnabled(string name, bool enabled)
        {
            var command = new Command(name, enabled ? "Enable a subscription (its failure streak starts over)." : "Disable a subscription.") { id };
            command.SetAction((r, ct) => WithWebhookAsync(r.GetRequiredValue(id), async (store, w) =>
            {
                await store.UpdateAsync(w with { Enabled = enabled, UpdatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, ct);
                await _stdout.WriteLineAsync($"id={w.Id}\nenabled={(enabled ? "true" : "false")}");
            }));
            return command;
        }

        var rotate = new Command("rotate-secret", "A new secret, printed once; the old one keeps signing beside it for 24 h.") { id };
        rotate.SetAction((r, ct) => WithWebhookAsync(r.GetRequiredValue(id), async (store, w) =>
        {
            var secret = Webhook.NewSecret();
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await store.RotateSecretAsync(w.Project, w.Id, secret, now, now + (long)WebhookOptions.RotationGrace.TotalMilliseconds, ct);
            await _stdout.WriteLineAsync($"id={w.Id}\nsecret={secret}");
        }));

        var delete = new Command("delete", "Delete a subscription; its pending deliveries are dropped.") { id };
        delete.SetAction((r, ct) => WithWebhookAsync(r.GetRequiredValue(id), (store, w) => store.DeleteAsync(w.Project, w.Id, ct)));

        return new Command("webhook", "Manage webhook subscriptions.") { create, list, SetEnabled("disable", false), SetEnabled("enable", true), rotate, delete };
    }

    private Task<int> WithWebhookAsync(string id, Func<SqlWebhookStore, Webhook, Task> run) => WithDatabaseAsync(async (_, database, secrets) =>
    {
        var store = new SqlWebhookStore(database, secrets);
        var webhook = (Webhook.IsWellFormedId(id) ? await store.FindAnyAsync(id) : null) ?? throw new ArgumentException($"no webhook {id}");
        await run(store, webhook);
    });
}
