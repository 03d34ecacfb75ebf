using Coc.Core.Alarms;
using Coc.Core.Reference;
using Coc.Core.Storage.Alarms;
using Coc.Core.Storage.Sqlite;
using Coc.Core.Tickets;
using Dapper;
using Microsoft.Extensions.Time.Testing;

namespace Coc.Core.Tests.Alarms;

/// <summary>The alarm store remembers parsed states by their exact text: a state written by anyone else (another
/// instance, a restore, a rolled-back write) is read as stored, never as remembered.</summary>
public sealed class AlarmStatesTests : IDisposable
{
    private readonly SqliteDatabase _database = new(":memory:");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_state_changed_outside_the_store_is_read_as_stored_by_the_next_convergence()
    {
        await _database.MigrateAsync();
        var store = new SqlAlarmStore(_database);
        var service = new AlarmService(store, new TicketRules(ReferenceData.Preset(), emulator: false), new TicketNumbers(TicketNumbers.DefaultOffset), _clock);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var integration = new Integration
        {
            Id = "itg-000000000001", Project = "project-a", Name = "prom", Type = IntegrationTypes.Prometheus, Enabled = true,
            KeyHash = IntegrationKeys.Hash("k"), KeyHint = "k", Rule = TransferRule.Manual, CreatedAt = now, UpdatedAt = now,
        };
        Assert.True(await store.InsertIntegrationAsync(integration));
        AlarmEvent firing = new("f1", "{}:{alertname=\"HighCPU\"}", true, "HighCPU", "hot", Importance.Major, "Prometheus", now, null);

        await service.IngestAsync(integration, [firing]);
        await service.IngestAsync(integration, [firing]);
        var id = await _database.ReadAsync(c => c.QuerySingleAsync<string>("SELECT id FROM alarms"), default);
        Assert.Equal(2, (await store.FindAlarmAsync("project-a", id))!.ConvergeCount);

        // Another writer (a second instance, a restore) leaves a state this store never wrote.
        var changed = (await store.FindAlarmAsync("project-a", id))! with { ConvergeCount = 41, Remarks = "written elsewhere" };
        await _database.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE alarms SET state = @state WHERE id = @id",
            new { state = AlarmStorageJson.Serialize(changed), id }, tx), default);

        await service.IngestAsync(integration, [firing]);
        var after = (await store.FindAlarmAsync("project-a", id))!;
        Assert.Equal(42, after.ConvergeCount);
        Assert.Equal("written elsewhere", after.Remarks);
    }
}
