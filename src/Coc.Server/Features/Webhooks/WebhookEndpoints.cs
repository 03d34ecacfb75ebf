using System.Globalization;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Storage.Outbox;
using Coc.Core.Webhooks;
using Coc.Server.Auth;
using Coc.Server.Hosting;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.Webhooks;

/// <summary>Webhook subscriptions of the caller's project (outbound.md, Subscriptions); every call needs <c>coc:admin</c>.</summary>
public static class WebhookEndpoints
{
    public const int MaxEventTypes = 64;
    public const int MaxDescription = 255;
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/webhooks").RequirePermission(Permissions.Admin).WithTags("Webhooks");
        group.MapPost("", Create).WithName("CreateWebhook").WithSummary("Subscribe a receiver; the answer shows its secret, once");
        group.MapGet("", List).WithName("ListWebhooks").WithSummary("The project's webhook subscriptions");
        group.MapGet("/{id}", Get).WithName("GetWebhook").WithSummary("One subscription (never its secret)");
        group.MapPut("/{id}", Update).WithName("UpdateWebhook").WithSummary("Change URL, event types, description or enabled");
        group.MapDelete("/{id}", Delete).WithName("DeleteWebhook").WithSummary("Delete a subscription; its pending deliveries are dropped");
        group.MapPost("/{id}/rotate-secret", RotateSecret).WithName("RotateWebhookSecret")
            .WithSummary("A new secret; the old one keeps signing beside it for 24 h");
        group.MapGet("/{id}/deliveries", Deliveries).WithName("ListWebhookDeliveries").WithSummary("Delivery attempts, newest first");
        group.MapPost("/{id}/redeliver", Redeliver).WithName("RedeliverWebhookEvents").WithSummary("Send one event, or a time range of events, again");
        return app;
    }

    private static async Task<IResult> Create(HttpContext http, SqlWebhookStore store, ServerOptions options, TimeProvider clock)
    {
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var f = new JsonFields(body.RootElement);
        var url = await UrlAsync(f.RequiredString("url", WebhookTargets.MaxUrlLength), options, http.RequestAborted);
        var types = EventTypesOf(f) ?? [EventTypeFilter.Everything];
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var webhook = new Webhook
        {
            Id = Webhook.NewId(), Project = Caller.Of(http).Project, Url = url, EventTypes = types,
            Description = f.OptionalString("description", MaxDescription), Enabled = f.OptionalBoolean("enabled") ?? true,
            CreatedAt = now, UpdatedAt = now,
        };
        var secret = Webhook.NewSecret();
        await store.CreateAsync(webhook, secret, http.RequestAborted);
        return Ok(ToWire(webhook) with { Secret = secret });
    }

    private static async Task<IResult> List(HttpContext http, SqlWebhookStore store)
    {
        var list = await store.ListAsync(Caller.Of(http).Project, http.RequestAborted);
        return WireResults.Ok(new WebhookListData(list.Count, list.Select(ToWire).ToList()), WebhookJsonContext.Default.EnvelopeWebhookListData);
    }

    private static async Task<IResult> Get(string id, HttpContext http, SqlWebhookStore store) =>
        Ok(ToWire(await FindAsync(id, http, store)));

    private static async Task<IResult> Update(string id, HttpContext http, SqlWebhookStore store, ServerOptions options, TimeProvider clock)
    {
        var webhook = await FindAsync(id, http, store);
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var f = new JsonFields(body.RootElement);
        var url = f.OptionalString("url", WebhookTargets.MaxUrlLength) is { } given ? await UrlAsync(given, options, http.RequestAborted) : webhook.Url;
        var enabled = f.OptionalBoolean("enabled") ?? webhook.Enabled;
        var updated = webhook with
        {
            Url = url, EventTypes = EventTypesOf(f) ?? webhook.EventTypes,
            Description = body.RootElement.TryGetProperty("description", out _) ? f.OptionalString("description", MaxDescription) : webhook.Description,
            Enabled = enabled, DisabledReason = enabled ? null : webhook.DisabledReason,
            FailingSince = enabled && !webhook.Enabled ? null : webhook.FailingSince,
            UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        if (!await store.UpdateAsync(updated, http.RequestAborted)) throw NotFound(id);
        return Ok(ToWire(updated));
    }

    private static async Task<IResult> Delete(string id, HttpContext http, SqlWebhookStore store)
    {
        if (!Webhook.IsWellFormedId(id) || !await store.DeleteAsync(Caller.Of(http).Project, id, http.RequestAborted)) throw NotFound(id);
        return WireResults.OkNoData();
    }

    private static async Task<IResult> RotateSecret(string id, HttpContext http, SqlWebhookStore store, TimeProvider clock)
    {
        var webhook = await FindAsync(id, http, store);
        var secret = Webhook.NewSecret();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (!await store.RotateSecretAsync(webhook.Project, id, secret, now, now + (long)WebhookOptions.RotationGrace.TotalMilliseconds, http.RequestAborted))
            throw NotFound(id);
        return WireResults.Ok(new WebhookSecretData(secret), WebhookJsonContext.Default.EnvelopeWebhookSecretData);
    }

    private static async Task<IResult> Deliveries(string id, HttpContext http, SqlWebhookStore store)
    {
        var webhook = await FindAsync(id, http, store);
        var query = http.Request.Query;
        var offset = IntegerQuery(query, "offset", 0, 0, int.MaxValue);
        var limit = IntegerQuery(query, "limit", 20, 1, MaxPageSize);
        var status = QueryText.Optional(query, "status");
        if (status is not null && !AttemptOutcomes.All.Contains(status))
            throw CocErrors.Invalid($"status must be one of {string.Join(", ", AttemptOutcomes.All)} (got {status})");
        var (total, attempts) = await store.AttemptsAsync(webhook.Id, offset, limit, status, http.RequestAborted);
        var list = attempts.Select(a => new DeliveryAttemptData
        {
            Id = a.Id, DeliveryId = a.DeliveryId, EventId = a.EventId, EventType = a.EventType, Attempt = a.Attempt, AttemptedAt = a.At,
            Status = a.Outcome, HttpStatus = a.HttpStatus, DurationMs = a.DurationMs, ResponseExcerpt = a.ResponseExcerpt, Error = a.Error,
            NextAttemptAt = a.NextAttemptAt,
        }).ToList();
        return WireResults.Ok(new DeliveryListData(total, list), WebhookJsonContext.Default.EnvelopeDeliveryListData);
    }

    private static async Task<IResult> Redeliver(string id, HttpContext http, SqlWebhookStore store, TimeProvider clock)
    {
        var webhook = await FindAsync(id, http, store);
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var f = new JsonFields(body.RootElement);
        var eventId = f.OptionalString("event_id", 64);
        var since = f.OptionalTime("since");
        var until = f.OptionalTime("until");
        if (eventId is null && (since is null || until is null))
            throw CocErrors.Invalid("give event_id, or both since and until (ms since the epoch)");
        if (eventId is not null && (since is not null || until is not null))
            throw CocErrors.Invalid("give event_id or since and until, not both");
        if (since > until) throw CocErrors.Invalid("since must not be after until");
        var count = await store.RedeliverAsync(webhook, eventId, since, until, clock.GetUtcNow().ToUnixTimeMilliseconds(), http.RequestAborted);
        if (eventId is not null && count == 0) throw CocErrors.Invalid($"event_id {eventId} is not an event of this project");
        return WireResults.Ok(new RedeliveryData(count), WebhookJsonContext.Default.EnvelopeRedeliveryData);
    }

    private static async Task<Webhook> FindAsync(string id, HttpContext http, SqlWebhookStore store) =>
        (Webhook.IsWellFormedId(id) ? await store.FindAsync(Caller.Of(http).Project, id, http.RequestAborted) : null) ?? throw NotFound(id);

    private static CocException NotFound(string id) =>
        new(404, CocErrors.InvalidParameterCode, Webhook.IsWellFormedId(id) ? $"webhook {id} does not exist" : "no such webhook: the id must be wh- and 12 letters or digits");

    private static async Task<string> UrlAsync(string url, ServerOptions options, CancellationToken ct)
    {
        try
        {
            return (await WebhookTargets.ParseAndResolveAsync(url, options.AllowsPrivateWebhookTargets, ct)).OriginalString;
        }
        catch (ArgumentException e)
        {
            throw CocErrors.Invalid(e.Message);
        }
    }

    private static IReadOnlyList<string>? EventTypesOf(JsonFields f)
    {
        if (f.OptionalStringArray("event_types", MaxEventTypes, 64) is not { } types) return null;
        try
        {
            return EventTypeFilter.Parse(types);
        }
        catch (ArgumentException e)
        {
            throw CocErrors.Invalid($"event_types: {e.Message}");
        }
    }

    private static int IntegerQuery(IQueryCollection query, string name, int fallback, int min, int max)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0) return fallback;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw CocErrors.Invalid($"{name} must be an integer from {min} to {max}");
        return value;
    }

    private static IResult Ok(WebhookData data) => WireResults.Ok(data, WebhookJsonContext.Default.EnvelopeWebhookData);

    public static WebhookData ToWire(Webhook w) => new()
    {
        Id = w.Id, ProjectId = w.Project, Url = w.Url, EventTypes = w.EventTypes, Description = w.Description, Enabled = w.Enabled,
        DisabledReason = w.DisabledReason, CreatedAt = w.CreatedAt, UpdatedAt = w.UpdatedAt, PreviousSecretExpiresAt = w.PreviousSecretUntil,
    };
}
