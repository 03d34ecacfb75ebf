using Coc.Core.Storage.Auth;
using Coc.Core.Webhooks;
using Dapper;

namespace Coc.Core.Storage.Outbox;

/// <summary>Webhook subscriptions, their delivery log and redeliveries, always within one project. Secrets are stored
/// encrypted with <see cref="SecretsAtRest"/> (bound to the subscription's id) and never read back here.</summary>
public sealed class SqlWebhookStore(Database database, SecretsAtRest secrets)
{
    /// <summary>A redelivery by time range re-sends at most this many events.</summary>
    public const int MaxRedeliveries = 10_000;

    private const string SelectWebhook =
        """
        SELECT id AS Id, project AS Project, url AS Url, event_types AS EventTypes, description AS Description, enabled AS Enabled,
               disabled_reason AS DisabledReason, created_at AS CreatedAt, updated_at AS UpdatedAt, failing_since AS FailingSince,
               previous_secret_until AS PreviousSecretUntil
        FROM webhooks
        """;

    public Task CreateAsync(Webhook w, string secret, CancellationToken ct = default) =>
        database.WriteAsync((c, tx) => c.ExecuteAsync(
            """
            INSERT INTO webhooks (id, project, url, event_types, description, enabled, disabled_reason, secret, created_at, updated_at)
            VALUES (@Id, @Project, @Url, @Types, @Description, @Enabled, NULL, @Secret, @CreatedAt, @UpdatedAt)
            """, new
            {
                w.Id, w.Project, w.Url, Types = EventTypeFilter.Store(w.EventTypes), w.Description, w.Enabled,
                Secret = secrets.ProtectWebhookSecret(w.Id, secret), w.CreatedAt, w.UpdatedAt,
            }, tx), ct);

    public Task<Webhook?> FindAsync(string project, string id, CancellationToken ct = default) =>
        database.ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<WebhookRow>(
            SelectWebhook + " WHERE project = @project AND id = @id", new { project, id }))?.ToWebhook(), ct);

    /// <summary>Any project's subscription by id (the admin command line works across projects).</summary>
    public Task<Webhook?> FindAnyAsync(string id, CancellationToken ct = default) =>
        database.ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<WebhookRow>(
            SelectWebhook + " WHERE id = @id", new { id }))?.ToWebhook(), ct);

    /// <summary>The project's subscriptions (all projects' when <paramref name="project"/> is null), oldest first.</summary>
    public Task<IReadOnlyList<Webhook>> ListAsync(string? project, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<Webhook>>(async c => (await c.QueryAsync<WebhookRow>(
            SelectWebhook + (project is null ? "" : " WHERE project = @project") + " ORDER BY created_at, id", new { project }))
            .Select(r => r.ToWebhook()).ToList(), ct);

    /// <summary>Saves the subscription's URL, types, description and enabled flag; enabling clears the reason it was
    /// disabled and its failure streak.</summary>
    public Task<bool> UpdateAsync(Webhook w, CancellationToken ct = default) =>
        database.WriteAsync(async (c, tx) => await c.ExecuteAsync(
            """
            UPDATE webhooks SET url = @Url, event_types = @Types, description = @Description, enabled = @Enabled,
                disabled_reason = CASE WHEN @Enabled THEN NULL ELSE disabled_reason END,
                failing_since = CASE WHEN @Enabled AND NOT enabled THEN NULL ELSE failing_since END,
                updated_at = @UpdatedAt
            WHERE project = @Project AND id = @Id
            """, new { w.Url, Types = EventTypeFilter.Store(w.EventTypes), w.Description, w.Enabled, w.UpdatedAt, w.Project, w.Id }, tx) == 1, ct);

    /// <summary>Deletes the subscription with its pending deliveries and its log.</summary>
    public Task<bool> DeleteAsync(string project, string id, CancellationToken ct = default) =>
        database.WriteAsync(async (c, tx) =>
        {
            if (await c.ExecuteAsync("DELETE FROM webhooks WHERE project = @project AND id = @id", new { project, id }, tx) == 0) return false;
            await c.ExecuteAsync("DELETE FROM webhook_deliveries WHERE webhook_id = @id", new { id }, tx);
            await c.ExecuteAsync("DELETE FROM webhook_attempts WHERE webhook_id = @id", new { id }, tx);
            return true;
        }, ct);

    /// <summary>Makes <paramref name="secret"/> the current one; the one it replaces keeps signing until <paramref name="graceUntil"/>.</summary>
    public Task<bool> RotateSecretAsync(string project, string id, string secret, long now, long graceUntil, CancellationToken ct = default) =>
        database.WriteAsync(async (c, tx) => await c.ExecuteAsync(
            """
            UPDATE webhooks SET previous_secret = secret, previous_secret_until = @graceUntil, secret = @secret, updated_at = @now
            WHERE project = @project AND id = @id
            """, new { project, id, secret = secrets.ProtectWebhookSecret(id, secret), graceUntil, now }, tx) == 1, ct);

    /// <summary>The delivery log: attempts, newest first, optionally only those with outcome <paramref name="status"/>.</summary>
    public Task<(long Total, IReadOnlyList<DeliveryAttempt> Attempts)> AttemptsAsync(
        string id, int offset, int limit, string? status, CancellationToken ct = default) =>
        database.ReadAsync<(long, IReadOnlyList<DeliveryAttempt>)>(async c =>
        {
            var where = "webhook_id = @id" + (status is null ? "" : " AND outcome = @status");
            var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM webhook_attempts WHERE {where}", new { id, status });
            var rows = await c.QueryAsync<DeliveryAttempt>(
                $"""
                SELECT id AS Id, delivery_id AS DeliveryId, event_id AS EventId, event_type AS EventType, attempt AS Attempt, at AS At,
                       outcome AS Outcome, http_status AS HttpStatus, duration_ms AS DurationMs, response_excerpt AS ResponseExcerpt,
                       error AS Error, next_attempt_at AS NextAttemptAt
                FROM webhook_attempts WHERE {where} ORDER BY id DESC LIMIT @limit OFFSET @offset
                """, new { id, status, limit, offset });
            return (total, rows.ToList());
        }, ct);

    /// <summary>Queues the events again for this subscription: one by id, or those of a time range (ms, inclusive)
    /// that it wants; returns how many. An event id of another project, or unknown, queues nothing.</summary>
    public Task<int> RedeliverAsync(Webhook w, string? eventId, long? since, long? until, long now, CancellationToken ct = default) =>
        database.WriteAsync(async (c, tx) =>
        {
            var events = eventId is not null
                ? await c.QueryAsync<(string EventId, string Type, string OrderKey)>(
                    "SELECT event_id, type, order_key FROM events WHERE project = @project AND event_id = @eventId",
                    new { project = w.Project, eventId }, tx)
                : await c.QueryAsync<(string EventId, string Type, string OrderKey)>(
                    "SELECT event_id, type, order_key FROM events WHERE project = @project AND at >= @since AND at <= @until ORDER BY seq LIMIT @max",
                    new { project = w.Project, since, until, max = MaxRedeliveries }, tx);
            var wanted = events.Where(e => eventId is not null || w.EventTypes.Contains(EventTypeFilter.Everything) || w.EventTypes.Contains(e.Type)).ToList();
            foreach (var e in wanted)
                await c.ExecuteAsync(
                    """
                    INSERT INTO webhook_deliveries (webhook_id, event_id, order_key, state, attempts, next_attempt_at, created_at)
                    VALUES (@webhook, @EventId, @OrderKey, 'pending', 0, @now, @now)
                    """, new { webhook = w.Id, e.EventId, e.OrderKey, now }, tx);
            return wanted.Count;
        }, ct);

    private sealed class WebhookRow
    {
        public string Id { get; init; } = "";
        public string Project { get; init; } = "";
        public string Url { get; init; } = "";
        public string EventTypes { get; init; } = "*";
        public string? Description { get; init; }
        public bool Enabled { get; init; }
        public string? DisabledReason { get; init; }
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }
        public long? FailingSince { get; init; }
        public long? PreviousSecretUntil { get; init; }

        public Webhook ToWebhook() => new()
        {
            Id = Id, Project = Project, Url = Url, EventTypes = EventTypeFilter.Load(EventTypes), Description = Description, Enabled = Enabled,
            DisabledReason = DisabledReason, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt, FailingSince = FailingSince,
            PreviousSecretUntil = PreviousSecretUntil,
        };
    }
}

/// <summary>One attempt of the delivery log. <see cref="Outcome"/>: delivered, retrying, failed (no retry left) or gone (410).</summary>
public sealed class DeliveryAttempt
{
    public long Id { get; init; }
    public long DeliveryId { get; init; }
    public string EventId { get; init; } = "";
    public string EventType { get; init; } = "";
    public int Attempt { get; init; }
    public long At { get; init; }
    public string Outcome { get; init; } = "";
    public int? HttpStatus { get; init; }
    public long DurationMs { get; init; }
    public string? ResponseExcerpt { get; init; }
    public string? Error { get; init; }
    public long? NextAttemptAt { get; init; }
}
