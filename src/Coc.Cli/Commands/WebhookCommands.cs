using System.CommandLine;
using System.Text.Json.Nodes;
using Coc.Cli.Output;
using Coc.Core.Contracts.Webhooks;
using static Coc.Cli.Commands.CommandHelpers;

namespace Coc.Cli.Commands;

/// <summary><c>coc webhooks …</c>: outbound webhook subscriptions and their deliveries (/v1/admin/webhooks, coc:admin).</summary>
public sealed class WebhookCommands
{
    private static readonly Renderer.Column<WebhookData>[] Columns =
    [
        new("id", w => w.Id), new("url", w => w.Url), new("events", w => Renderer.Join(w.EventTypes)),
        new("enabled", w => w.Enabled ? "true" : "false"), new("description", w => w.Description),
    ];

    public WebhookCommands(CliApp app)
    {
        Command = new Command("webhooks", "Webhook subscriptions: create, list, update, delete, rotate the secret, deliveries, redeliver.") { Aliases = { "webhook" } };
        var id = new Argument<string>("id") { Description = "The subscription id (wh-…)" };

        var list = new Command("list", "Every subscription of the project.").Does(app, async c =>
        {
            var data = await c.Connection.Client.ListWebhooksAsync(c.Cancellation);
            c.Out.List(data, WebhookJsonContext.Default.WebhookListData, data.Webhooks, Columns, $"{data.Total} webhooks");
        });
        var show = new Command("show", "One subscription (never its secret).").With(id).Does(app, async c =>
            c.Out.Item(await c.Connection.Client.GetWebhookAsync(c.Value(id)!, c.Cancellation), WebhookJsonContext.Default.WebhookData));

        var url = Text("--url", "Where to POST events (http or https)", "URL");
        var events = List("--event", "An event type to send (repeatable; default every one, *)", "TYPE");
        var description = Text("--description", "What it is for");
        var enabled = new Option<bool?>("--enabled") { Description = "Deliver to it (default true)", HelpName = "true|false" };
        JsonObject Body(CliContext c)
        {
            var body = new JsonObject();
            body.Put("url", c.Value(url));
            body.Put("event_types", c.Value(events));
            body.Put("description", c.Value(description));
            body.Put("enabled", c.Value(enabled));
            return body;
        }
        var createUrl = Text("--url", "Where to POST events (http or https)", "URL", required: true);
        var create = new Command("create", "Create a subscription; its secret is shown this once.").With(createUrl, events, description, enabled).Does(app, async c =>
        {
            var body = Body(c);
            body["url"] = c.Value(createUrl);
            c.Out.Item(await c.Connection.Client.CreateWebhookAsync(body, c.Cancellation), WebhookJsonContext.Default.WebhookData);
        });
        var update = new Command("update", "Change the url, event types, description or enabled.").With(id, url, events, description, enabled).Does(app, async c =>
            c.Out.Item(await c.Connection.Client.UpdateWebhookAsync(c.Value(id)!, Body(c), c.Cancellation), WebhookJsonContext.Default.WebhookData));
        var delete = new Command("delete", "Delete it; pending deliveries are dropped.").With(id).Does(app, async c =>
        {
            await c.Connection.Client.DeleteWebhookAsync(c.Value(id)!, c.Cancellation);
            c.Out.Done($"deleted {c.Value(id)}");
        });
        var rotate = new Command("rotate-secret", "A new secret (shown once); the old one keeps signing for 24 h.").With(id).Does(app, async c =>
            c.Out.Item(new WebhookSecretData(await c.Connection.Client.RotateWebhookSecretAsync(c.Value(id)!, c.Cancellation)),
                WebhookJsonContext.Default.WebhookSecretData));

        var page = new Option<int>("--page") { Description = "Page number, from 1", HelpName = "N", DefaultValueFactory = _ => 1 };
        var limit = new Option<int>("--limit") { Description = "Page size, 1-100", HelpName = "N", DefaultValueFactory = _ => 50 };
        var status = Text("--status", "Only attempts with this status", "STATUS");
        var deliveries = new Command("deliveries", "Delivery attempts, newest first.").With(id, page, limit, status).Does(app, async c =>
        {
            // the API pages by item offset (0 = newest), not by page number
            if (c.Value(page) < 1) throw new Connection.UsageException("--page starts at 1");
            var offset = (long)(c.Value(page) - 1) * c.Value(limit);
            if (offset > int.MaxValue) throw new Connection.UsageException("--page is too large");
            var data = await c.Connection.Client.ListWebhookDeliveriesAsync(c.Value(id)!, (int)offset, c.Value(limit), c.Value(status), c.Cancellation);
            c.Out.List(data, WebhookJsonContext.Default.DeliveryListData, data.Deliveries,
            [
                new Renderer.Column<DeliveryAttemptData>("event", d => d.EventId), new("type", d => d.EventType), new("status", d => d.Status),
                new("http", d => Renderer.Number(d.HttpStatus)), new("attempt", d => Renderer.Number(d.Attempt)), new("at", d => Renderer.Time(d.AttemptedAt)),
                new("error", d => d.Error),
            ]);
        });
        var eventId = Text("--event-id", "Send this event again", "EVENT_ID");
        var since = Text("--since", "Or every event since: ms, ISO 8601 or -1h", "TIME");
        var until = Text("--until", "… until (default now)", "TIME");
        var redeliver = new Command("redeliver", "Send one event, or those of a time range, again.").With(id, eventId, since, until).Does(app, async c =>
        {
            var body = new JsonObject();
            body.Put("event_id", c.Value(eventId));
            body.Put("since", Time(c.Value(since), "--since"));
            body.Put("until", Time(c.Value(until), "--until"));
            if (body.Count == 0) throw new Connection.UsageException("give --event-id, or --since (and --until)");
            var redelivered = await c.Connection.Client.RedeliverWebhookAsync(c.Value(id)!, body, c.Cancellation);
            c.Out.Done($"redelivery queued: {redelivered}", new RedeliveryData(redelivered), WebhookJsonContext.Default.RedeliveryData);
        });
        Command.With(list, show, create, update, delete, rotate, deliveries, redeliver);
    }

    public Command Command { get; }
}
