using System.Data.Common;
using Coc.Core.Storage.Auth;
using Coc.Core.Webhooks;
using Dapper;

namespace Coc.Core.Storage.Outbox;

/// <summary>
/// The dispatcher's side of the outbox. <see cref="ClaimAsync"/> takes due deliveries by pushing their next attempt
/// past a lease, in one transaction; on PostgreSQL the rows are locked with <c>FOR UPDATE SKIP LOCKED</c>, so with several
/// instances exactly one claims each. A delivery whose claimer died becomes due again when its lease runs out
/// (at-least-once). A delivery waits while an earlier one of the same subscription and ticket is still pending, so each
/// ticket's events arrive in order.
/// </summary>
public sealed class SqlDeliveryQueue(Database database, SecretsAtRest secrets)
{
    /// <summary>A read first, so that an idle dispatcher takes no turn of the writer (SQLite's group commit).</summary>
    public Task<bool> AnyDueAsync(long now, CancellationToken ct = default) =>
        database.ReadAsync(async c => await c.ExecuteScalarAsync<long?>(
            "SELECT 1 FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= @now LIMIT 1", new { now }) is not null, ct);

    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(long now, TimeSpan lease, int max, CancellationToken ct = default)
    {
        if (!await AnyDueAsync(now, ct)) return [];
        var rows = await database.WriteAsync(async (c, tx) =>
        {
            var claimed = (await c.QueryAsync<ClaimedRow>(
                $"""
                SELECT d.id AS DeliveryId, d.attempts AS Attempts, d.webhook_id AS WebhookId, w.project AS Project, w.url AS Url,
                       w.secret AS Secret, w.previous_secret AS PreviousSecret, w.previous_secret_until AS PreviousSecretUntil, w.failing_since AS FailingSince,
                       e.event_id AS EventId, e.type AS EventType, e.number AS TicketNumber, e.ticket_seq AS TicketSeq, e.at AS At, e.body AS Data
                FROM webhook_deliveries d
                JOIN webhooks w ON w.id = d.webhook_id
                JOIN events e ON e.event_id = d.event_id
                WHERE d.state = 'pending' AND d.next_attempt_at <= @now AND w.enabled = TRUE
                  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                                  WHERE p.webhook_id = d.webhook_id AND p.order_key = d.order_key AND p.state = 'pending' AND p.id < d.id)
                ORDER BY d.id LIMIT @max{database.Dialect.LockSkippingLocked("d")}
                """, new { now, max }, tx)).ToList();
            if (claimed.Count > 0)
                await c.ExecuteAsync(
                    $"UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = @until WHERE {database.Dialect.InList("id", "ids")}",
                    new { until = now + (long)lease.TotalMilliseconds, ids = claimed.Select(r => r.DeliveryId).ToArray() }, tx);
            return claimed;
        }, ct);
        return rows.Select(r => r.ToDelivery(secrets, now)).ToList();
    }

    /// <summary>Records attempts and their consequences, all in one transaction (the dispatcher hands over what finished
    /// while the previous record was written, so a busy dispatcher takes one turn of the writer for many): for each, the
    /// log row; the delivery done, due again at <see cref="AttemptResult.NextAttemptAt"/> or failed; the subscription's
    /// failure streak, and its disabling after a 410 or <see cref="RetrySchedule.DisableAfter"/> of failures. The event's
    /// rendered data is kept when it will be retried, so every retry sends the same bytes (not after a first-attempt
    /// success: that would write every body).</summary>
    public Task RecordAsync(IReadOnlyList<(ClaimedDelivery Delivery, AttemptResult Result)> attempts, CancellationToken ct = default) =>
        database.WriteAsync(async (c, tx) =>
        {
            // In subscription order, so that two instances recording at once take the subscriptions' rows in one order.
            foreach (var (d, r) in attempts.OrderBy(a => a.Delivery.WebhookId, StringComparer.Ordinal).ThenBy(a => a.Delivery.DeliveryId))
                await RecordOneAsync(c, tx, d, r);
            return 0;
        }, ct);

    public Task RecordAsync(ClaimedDelivery d, AttemptResult r, CancellationToken ct = default) => RecordAsync([(d, r)], ct);

    private static async Task RecordOneAsync(DbConnection c, DbTransaction tx, ClaimedDelivery d, AttemptResult r)
    {
        if (d.Data is null && r.Data is not null && r.Outcome == AttemptOutcomes.Retrying)
            await c.ExecuteAsync("UPDATE events SET body = @Data WHERE event_id = @EventId AND body IS NULL", new { r.Data, d.EventId }, tx);
        await c.ExecuteAsync(
            """
            INSERT INTO webhook_attempts (webhook_id, delivery_id, event_id, event_type, attempt, at, outcome, http_status, duration_ms,
                                          response_excerpt, error, next_attempt_at)
            VALUES (@WebhookId, @DeliveryId, @EventId, @EventType, @Attempt, @At, @Outcome, @HttpStatus, @DurationMs, @ResponseExcerpt, @Error, @NextAttemptAt)
            """, new
            {
                d.WebhookId, d.DeliveryId, d.EventId, d.EventType, Attempt = d.Attempt, r.At, r.Outcome, r.HttpStatus, r.DurationMs,
                r.ResponseExcerpt, r.Error, r.NextAttemptAt,
            }, tx);
        if (r.Outcome == AttemptOutcomes.Retrying)
            await c.ExecuteAsync("UPDATE webhook_deliveries SET next_attempt_at = @NextAttemptAt WHERE id = @DeliveryId AND state = 'pending'",
                new { r.NextAttemptAt, d.DeliveryId }, tx);
        else
            await c.ExecuteAsync("UPDATE webhook_deliveries SET state = @state, finished_at = @At WHERE id = @DeliveryId AND state = 'pending'",
                new { state = r.Outcome == AttemptOutcomes.Delivered ? "delivered" : "failed", r.At, d.DeliveryId }, tx);

        if (r.Outcome == AttemptOutcomes.Delivered)
        {
            if (d.FailingSince is not null)
                await c.ExecuteAsync("UPDATE webhooks SET failing_since = NULL WHERE id = @WebhookId", new { d.WebhookId }, tx);
            return;
        }
        await c.ExecuteAsync("UPDATE webhooks SET failing_since = COALESCE(failing_since, @At) WHERE id = @WebhookId", new { r.At, d.WebhookId }, tx);
        if (r.Outcome == AttemptOutcomes.Gone)
            await DisableAsync(c, tx, d.WebhookId, $"the receiver answered 410 Gone to event {d.EventId}", r.At, cutoff: null);
        else
            await DisableAsync(c, tx, d.WebhookId, $"every delivery failed for {RetrySchedule.DisableAfter.TotalDays:0} days", r.At,
                cutoff: r.At - (long)RetrySchedule.DisableAfter.TotalMilliseconds);
    }

    private static Task DisableAsync(DbConnection c, DbTransaction tx, string id, string reason, long at, long? cutoff) =>
        c.ExecuteAsync(
            "UPDATE webhooks SET enabled = FALSE, disabled_reason = @reason, updated_at = @at WHERE id = @id AND enabled = TRUE"
            + (cutoff is null ? "" : " AND failing_since <= @cutoff"),
            new { id, reason, at, cutoff }, tx);

    private sealed class ClaimedRow
    {
        public long DeliveryId { get; init; }
        public int Attempts { get; init; }
        public string WebhookId { get; init; } = "";
        public string Project { get; init; } = "";
        public string Url { get; init; } = "";
        public string Secret { get; init; } = "";
        public string? PreviousSecret { get; init; }
        public long? PreviousSecretUntil { get; init; }
        public long? FailingSince { get; init; }
        public string EventId { get; init; } = "";
        public string EventType { get; init; } = "";
        public string? TicketNumber { get; init; }
        public int? TicketSeq { get; init; }
        public long At { get; init; }
        public string? Data { get; init; }

        public ClaimedDelivery ToDelivery(SecretsAtRest secrets, long now)
        {
            var signing = new List<string>(2) { secrets.UnprotectWebhookSecret(WebhookId, Secret) };
            if (PreviousSecret is not null && PreviousSecretUntil > now) signing.Add(secrets.UnprotectWebhookSecret(WebhookId, PreviousSecret));
            return new ClaimedDelivery(DeliveryId, Attempts + 1, WebhookId, Project, Url, signing, EventId, EventType, TicketNumber, TicketSeq, At, Data, FailingSince);
        }
    }
}

/// <param name="Attempt">This attempt's number, from 1.</param>
/// <param name="Secrets">The secrets that sign it: the current one, and the one before during a rotation's grace.</param>
/// <param name="Data">The event's <c>data</c> object (JSON): an alarm's as enqueued, a ticket's as kept by a first attempt
/// that did not deliver it; null until then.</param>
/// <param name="FailingSince">The subscription's failure streak when claimed (a success clears it only if there is one).</param>
public sealed record ClaimedDelivery(
    long DeliveryId, int Attempt, string WebhookId, string Project, string Url, IReadOnlyList<string> Secrets,
    string EventId, string EventType, string? TicketNumber, int? TicketSeq, long At, string? Data, long? FailingSince);

public static class AttemptOutcomes
{
    public const string Delivered = "delivered";
    public const string Retrying = "retrying";
    public const string Failed = "failed";
    public const string Gone = "gone";

    public static readonly IReadOnlyList<string> All = [Delivered, Retrying, Failed, Gone];
}

/// <param name="Data">The <c>data</c> object sent, when it was rendered for this attempt: kept on the event if the event
/// will be sent again, so that a retry sends the same bytes.</param>
public sealed record AttemptResult(
    long At, string Outcome, int? HttpStatus, long DurationMs, string? ResponseExcerpt, string? Error, long? NextAttemptAt, string? Data)
{
    /// <summary>False when nothing was sent (the event could not be rendered): the attempt has no duration to time.</summary>
    public bool Sent { get; init; } = true;
}
