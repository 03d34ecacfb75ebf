using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests.Webhooks;

/// <summary>
/// Issue 15, "Done means": the server process is killed with SIGKILL in the middle of a burst of 1,000 operations and
/// started again on the same database; every acknowledged operation's event is then delivered (duplicates allowed,
/// identified by webhook-id, and counted), each verified with the reference verifier.
/// </summary>
public sealed class WebhookCrashTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const int Tickets = 200;
    private const int KillAfterAcknowledged = 400;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coc-server-tests", "webhook-crash-" + Guid.NewGuid().ToString("N"));
    private readonly string? _db = TestEngine.IsPostgres ? TestEngine.CreateDatabase() : null;

    public void Dispose()
    {
        if (_db is not null) TestEngine.DropDatabase(_db);
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* the temp folder is cleaned eventually */ }
    }

    /// <summary>The five operations of one ticket; with 200 tickets, 1,000 in all.</summary>
    private static readonly (string Operator, string Key, Func<JsonObject?> Parameter)[] Chain =
    [
        (People.Alice, "acceptedIncident1", () => null),
        (People.Alice, "commitSolution1", () => Bodies.Solution()),
        (People.Carol, "confirm", () => Bodies.Confirmation(false)),
        (People.Alice, "commitSolution1", () => Bodies.Solution()),
    ];

    [Fact]
    public async Task Every_acknowledged_operations_event_is_delivered_after_a_SIGKILL_in_the_middle_of_a_burst()
    {
        Directory.CreateDirectory(_directory);
        await using var receiver = await WebhookReceiver.StartAsync();
        using var process = await ServerProcess.StartAsync(Path.Combine(_directory, "coc.db"), emulator: true, db: _db,
            settings: ["Coc:Webhooks:ClaimLeaseSeconds=11"]);
        var api = new CocApi(process.CreateClient(), "default");
        var subscribed = await api.PostAsync("/v1/admin/webhooks", new JsonObject { ["url"] = receiver.Url });
        Wire.AssertOk(subscribed);
        receiver.Trust(subscribed.Data.Str("secret"));

        var acknowledged = new ConcurrentBag<string>(); // action ids: "<number>-<seq>"
        var killed = 0;
        void Acknowledge(string actionId)
        {
            acknowledged.Add(actionId);
            if (acknowledged.Count >= KillAfterAcknowledged && Interlocked.Exchange(ref killed, 1) == 0) process.Kill();
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, Tickets), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) =>
        {
            try
            {
                var created = await api.TryCreateAsync(Bodies.Create());
                if (created.Json.Str("error_code") != Wire.Success) return;
                var number = created.Data.Str("incident_num");
                Acknowledge($"{number}-1");
                for (var i = 0; i < Chain.Length; i++)
                {
                    var (who, key, parameter) = Chain[i];
                    var r = await api.HandleAsync(number, who, key, parameter());
                    if (r.Json.Str("error_code") != Wire.Success) return;
                    Acknowledge($"{number}-{i + 2}");
                }
            }
            catch (HttpRequestException)
            {
                // The server is gone: what was not answered was not acknowledged.
            }
            catch (TaskCanceledException)
            {
            }
        });
        Assert.True(killed == 1, $"the burst ended before {KillAfterAcknowledged} acknowledgements");
        var expected = acknowledged.ToHashSet();

        await process.StartAsync();
        var got = await receiver.WaitForAsync(r => expected.IsSubsetOf(r.Select(x => x.Data.GetProperty("history").Str("action_id"))), seconds: 90);

        Assert.All(got, r => Assert.Single(r.VerifiedWith));
        var byId = got.GroupBy(r => r.WebhookId).ToList();
        foreach (var copies in byId) Assert.Single(copies.Select(c => c.Body).Distinct()); // a duplicate is the same event
        var delivered = got.Select(r => r.Data.GetProperty("history").Str("action_id")).ToHashSet();
        Assert.Empty(expected.Except(delivered));
        output.WriteLine($"webhook crash test: {expected.Count} acknowledged, {byId.Count} events delivered, {got.Count - byId.Count} duplicates");
    }
}
