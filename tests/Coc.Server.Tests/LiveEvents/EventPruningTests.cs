using Coc.Core.Storage;
using Coc.Core.Storage.Outbox;
using Coc.Core.Webhooks;
using Coc.Server.Features.LiveEvents;
using Coc.Server.Hosting;
using Coc.Server.Storage;
using Coc.Testing.Support;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coc.Server.Tests.LiveEvents;

/// <summary>Events are kept 24 h for the stream's resume; older ones go at the pruner's next run unless a delivery still waits for them.</summary>
public sealed class EventPruningTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coc-server-tests", "pruning-" + Guid.NewGuid().ToString("N"));

    public EventPruningTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_pruner_deletes_events_older_than_a_day_without_a_pending_delivery_at_each_interval()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        long HoursAgo(double h) => now - (long)TimeSpan.FromHours(h).TotalMilliseconds;
        using var stores = SqlStores.Sqlite(Path.Combine(_directory, "coc.db"));
        await stores.MigrateAsync();
        await stores.Webhooks.CreateAsync(new Webhook
        {
            Id = Webhook.NewId(), Project = "subscribed", Url = "https://receiver.example/hook", EventTypes = ["*"], Enabled = true,
            CreatedAt = now, UpdatedAt = now,
        }, Webhook.NewSecret());
        var old = new OutboxEvent(OutboxEvent.NewId(), EventTypes.Created, "quiet", HoursAgo(25), "T1", 1);
        var oldPending = new OutboxEvent(OutboxEvent.NewId(), EventTypes.Created, "subscribed", HoursAgo(30), "T2", 1);
        var recent = new OutboxEvent(OutboxEvent.NewId(), EventTypes.Created, "quiet", HoursAgo(21), "T3", 1);
        await stores.Database.WriteAsync(async (c, tx) =>
        {
            foreach (var e in new[] { old, oldPending, recent }) await Outbox.EnqueueAsync(c, tx, e);
            return 0;
        }, default);
        Task<List<string>> RemainingAsync() => stores.Database.ReadAsync(async c =>
            (await c.QueryAsync<string>("SELECT event_id FROM events ORDER BY seq")).ToList(), default);

        var options = new ServerOptions { Events = { PruneIntervalMinutes = 60 } };
        using var pruner = new EventPruner(stores.Events, new StorageState { Migrated = true }, options, clock, NullLogger<EventPruner>.Instance);
        await pruner.StartAsync(default);
        await Task.Delay(200);
        Assert.Equal(3, (await RemainingAsync()).Count); // nothing before the first interval

        clock.Advance(TimeSpan.FromMinutes(60));
        var left = await Polling.UntilAsync(RemainingAsync, ids => ids.Count < 3, TimeSpan.FromSeconds(5), "the pruner's first run");
        Assert.Equal([oldPending.Id, recent.Id], left);

        // once its delivery is no longer pending, the old event goes at the next run; the recent one when it is a day old
        await stores.Database.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE webhook_deliveries SET state = 'delivered'", transaction: tx), default);
        clock.Advance(TimeSpan.FromMinutes(60));
        left = await Polling.UntilAsync(RemainingAsync, ids => ids.Count < 2, TimeSpan.FromSeconds(5), "the pruner's second run");
        Assert.Equal([recent.Id], left);
        await pruner.StopAsync(default);
    }
}
