using Coc.Core.Storage.Auth;
using Coc.Core.Storage.Outbox;
using Coc.Core.Tests.Tickets;
using Dapper;

namespace Coc.Core.Tests.Outbox;

/// <summary>The dispatcher records the attempts that finished together in one transaction: each gets its log row and
/// its delivery's new state, as if recorded one by one.</summary>
public sealed class DeliveryRecordTests
{
    [Fact]
    public async Task Several_attempts_recorded_at_once_each_get_their_log_row_and_state()
    {
        using var h = await Harness.StartAsync();
        await h.Database.WriteAsync((c, tx) => c.ExecuteAsync(
            """
            INSERT INTO webhooks (id, project, url, event_types, description, enabled, secret, created_at, updated_at)
            VALUES ('wh-000000000001', @project, 'https://receiver.example/hook', '*', NULL, TRUE, 'whsec_x', 0, 0)
            """, new { project = Harness.Project }, tx), default);
        for (var i = 0; i < 3; i++) await h.CreateAsync();
        var queue = new SqlDeliveryQueue(h.Database, new SecretsAtRest(null));
        var claimed = await queue.ClaimAsync(h.Now, TimeSpan.FromMinutes(1), 10);
        Assert.Equal(3, claimed.Count);

        await queue.RecordAsync(
        [
            (claimed[0], new AttemptResult(h.Now, AttemptOutcomes.Delivered, 200, 3, "ok", null, null, null)),
            (claimed[1], new AttemptResult(h.Now, AttemptOutcomes.Retrying, 500, 4, "no", null, h.Now + 5000, "{\"kept\":true}")),
            (claimed[2], new AttemptResult(h.Now, AttemptOutcomes.Failed, null, 0, null, "could not connect", null, null)),
        ]);

        var states = await h.Database.ReadAsync(async c => (await c.QueryAsync<(long, string, long)>(
            "SELECT id, state, next_attempt_at FROM webhook_deliveries ORDER BY id")).ToList(), default);
        Assert.Equal(["delivered", "pending", "failed"], states.Select(s => s.Item2).ToList());
        Assert.Equal(h.Now + 5000, states[1].Item3);
        var log = await h.Database.ReadAsync(async c => (await c.QueryAsync<(long, string)>(
            "SELECT delivery_id, outcome FROM webhook_attempts ORDER BY delivery_id")).ToList(), default);
        Assert.Equal([(claimed[0].DeliveryId, "delivered"), (claimed[1].DeliveryId, "retrying"), (claimed[2].DeliveryId, "failed")], log);
        var kept = await h.Database.ReadAsync(c => c.ExecuteScalarAsync<string?>(
            "SELECT body FROM events WHERE event_id = @id", new { id = claimed[1].EventId }), default);
        Assert.Equal("{\"kept\":true}", kept);
        var streak = await h.Database.ReadAsync(c => c.ExecuteScalarAsync<long?>("SELECT failing_since FROM webhooks"), default);
        Assert.Equal(h.Now, streak);
    }
}
