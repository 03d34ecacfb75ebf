using System.Text.Json;
using Coc.Core.Alarms;
using Coc.Core.Reference;
using Coc.Core.Storage.Alarms;
using Coc.Core.Storage.Outbox;
using Coc.Core.Storage.Sqlite;
using Coc.Core.Tickets;
using Coc.Core.Webhooks;
using Dapper;
using Microsoft.Extensions.Time.Testing;

namespace Coc.Core.Tests.Outbox;

/// <summary>Alarm changes in the outbox (outbound.md, Events): each event row is written in the alarm store's
/// transaction, keyed on the alarm id for ordering, with the alarm object as its data; a rolled-back write leaves none.</summary>
public sealed class AlarmOutboxTests : IDisposable
{
    private const string Project = "project-a";
    private readonly SqliteDatabase _database = new(":memory:");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 21, 0, 0, TimeSpan.Zero));
    private SqlAlarmStore _store = null!;
    private AlarmService _service = null!;
    private Integration _integration = null!;

    public void Dispose() => _database.Dispose();

    private async Task StartAsync()
    {
        await _database.MigrateAsync();
        _store = new SqlAlarmStore(_database);
        var reference = ReferenceData.Preset();
        _service = new AlarmService(_store, new TicketRules(reference, emulator: false), new TicketNumbers(TicketNumbers.DefaultOffset), _clock);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        _integration = new Integration
        {
            Id = "itg-000000000001", Project = Project, Name = "prom", Type = IntegrationTypes.Prometheus, Enabled = true,
            KeyHash = IntegrationKeys.Hash("k"), KeyHint = "k", Rule = TransferRule.Manual, CreatedAt = now, UpdatedAt = now,
        };
        Assert.True(await _store.InsertIntegrationAsync(_integration));
    }

    private static AlarmEvent Firing(string fingerprint) =>
        new(fingerprint, "{}:{alertname=\"HighCPU\"}", true, "HighCPU", "hot", Importance.Major, "Prometheus", 1795380903000, null);

    private Task<List<(string Type, string OrderKey, string? Number, string? Body)>> EventsAsync() =>
        _database.ReadAsync(async c => (await c.QueryAsync<(string, string, string?, string?)>(
            "SELECT type, order_key, number, body FROM events ORDER BY seq")).ToList(), default);

    [Fact]
    public async Task A_new_alarm_and_its_repeat_are_one_created_and_one_converged_event_keyed_on_the_alarm()
    {
        await StartAsync();
        await _service.IngestAsync(_integration, [Firing("f1")]);
        await _service.IngestAsync(_integration, [Firing("f1")]);

        var events = await EventsAsync();
        Assert.Equal([EventTypes.AlarmCreated, EventTypes.AlarmConverged], events.Select(e => e.Type).ToList());
        var id = JsonDocument.Parse(events[0].Body!).RootElement.GetProperty("alarm").GetProperty("id").GetString();
        Assert.Matches("^ALM[0-9]{14}[A-Za-z0-9]{9}$", id);
        Assert.All(events, e => Assert.Equal(id, e.OrderKey));
        Assert.All(events, e => Assert.Null(e.Number));
        Assert.Equal(2, JsonDocument.Parse(events[1].Body!).RootElement.GetProperty("alarm").GetProperty("converge_count").GetInt32());
    }

    [Fact]
    public async Task A_write_that_fails_after_enqueuing_leaves_no_event_and_no_delivery()
    {
        await StartAsync();
        await _database.WriteAsync((c, tx) => c.ExecuteAsync(
            """
            INSERT INTO webhooks (id, project, url, event_types, description, enabled, secret, created_at, updated_at)
            VALUES ('wh-000000000001', @Project, 'https://receiver.example/hook', '*', NULL, TRUE, 'x', 0, 0)
            """, new { Project }, tx), default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.WriteAsync<int>(async w =>
        {
            await w.EnqueueAsync(new OutboxEvent(OutboxEvent.NewId(), EventTypes.AlarmCreated, Project, 1, Data: "{}", OrderKey: "ALM1"));
            throw new InvalidOperationException("the write fails after the event");
        }));
        Assert.Empty(await EventsAsync());
        Assert.Equal(0, await _database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM webhook_deliveries"), default));

        await _service.IngestAsync(_integration, [Firing("f2")]);
        Assert.Single(await EventsAsync());
        Assert.Equal(1, await _database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM webhook_deliveries"), default));
    }
}
