using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Coc.Core.Storage;
using Coc.Core.Storage.Outbox;
using Coc.Core.Webhooks;

namespace Coc.Server.Tests.Webhooks;

/// <summary>Several instances on one PostgreSQL database (outbound.md, Delivery): exactly one claims each delivery
/// (<c>FOR UPDATE SKIP LOCKED</c>), a ticket's later events wait for the earlier, and server processes sharing the
/// database deliver each event once.</summary>
[Trait("Category", "MultiInstance")]
public sealed class WebhookMultiInstanceTests : IDisposable
{
    private readonly string _db = TestEngine.CreateDatabase();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coc-server-tests", "webhook-multi-" + Guid.NewGuid().ToString("N"));
    private readonly List<ServerProcess> _servers = [];

    public WebhookMultiInstanceTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        foreach (var s in _servers) s.Dispose();
        TestEngine.DropDatabase(_db);
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Concurrent_claimers_on_separate_connections_each_claim_a_delivery_once_and_a_tickets_second_event_waits()
    {
        var instances = Enumerable.Range(0, 4).Select(_ => SqlStores.Postgres(_db)).ToList();
        try
        {
            await instances[0].MigrateAsync();
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await instances[0].Webhooks.CreateAsync(new Webhook
            {
                Id = Webhook.NewId(), Project = "p", Url = "https://receiver.example/hook", EventTypes = ["*"], Enabled = true, CreatedAt = now, UpdatedAt = now,
            }, Webhook.NewSecret());
            var independent = Enumerable.Range(0, 300).Select(i => new OutboxEvent(OutboxEvent.NewId(), EventTypes.Created, "p", now, $"T{i}", 1)).ToList();
            var sameTicket = Enumerable.Range(0, 50).Select(i => new OutboxEvent(OutboxEvent.NewId(), EventTypes.Created, "p", now, "SAME", i + 1)).ToList();
            await instances[0].Database.WriteAsync(async (c, tx) =>
            {
                foreach (var e in sameTicket.Concat(independent)) await Outbox.EnqueueAsync(c, tx, e);
                return 0;
            }, default);

            var claimed = new ConcurrentBag<ClaimedDelivery>();
            await Task.WhenAll(instances.Select(store => Task.Run(async () =>
            {
                while (await store.Deliveries.ClaimAsync(now, TimeSpan.FromMinutes(1), 7) is { Count: > 0 } batch)
                    foreach (var d in batch) claimed.Add(d);
            })));

            Assert.Equal(claimed.Count, claimed.Select(d => d.DeliveryId).Distinct().Count());
            Assert.Equal(independent.Select(e => e.Id).Append(sameTicket[0].Id).Order(), claimed.Select(d => d.EventId).Order());
        }
        finally
        {
            foreach (var s in instances) s.Dispose();
        }
    }

    [Fact]
    public async Task Three_server_processes_on_one_database_deliver_each_event_once_and_each_ticket_in_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var started = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            ServerProcess.StartAsync(Path.Combine(_directory, $"unused-{i}.db"), emulator: true, db: _db)));
        _servers.AddRange(started);
        var apis = started.Select(s => new CocApi(s.CreateClient(), "default")).ToArray();
        var subscribed = await apis[0].PostAsync("/v1/admin/webhooks", new JsonObject { ["url"] = receiver.Url });
        Wire.AssertOk(subscribed);
        receiver.Trust(subscribed.Data.Str("secret"));

        var numbers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => apis[i % 3].CreateAsync(Bodies.Create())));
        await Task.WhenAll(numbers.Select(async (n, i) =>
        {
            await apis[(i + 1) % 3].DoAsync(n, People.Alice, "acceptedIncident1");
            await apis[(i + 2) % 3].DoAsync(n, People.Alice, "commitSolution1", Bodies.Solution());
        }));

        var got = await receiver.WaitForAsync(r => r.Count >= numbers.Length * 3, seconds: 30);
        await Task.Delay(1000); // time for a duplicate to show up, if there were one
        got = receiver.Requests.ToList();
        Assert.Equal(numbers.Length * 3, got.Count);
        Assert.Equal(got.Count, got.Select(r => r.WebhookId).Distinct().Count());
        Assert.All(got, r => Assert.Single(r.VerifiedWith));
        foreach (var n in numbers)
            Assert.Equal([$"{n}-1", $"{n}-2", $"{n}-3"], got.Where(r => r.Data.GetProperty("incident").Str("incident_num") == n)
                .Select(r => r.Data.GetProperty("history").Str("action_id")).ToList());
    }
}
