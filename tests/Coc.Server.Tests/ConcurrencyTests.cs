using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests;

/// <summary>
/// Conflicting operations on one ticket over a real socket (workflow.md, invariants 1–3): one wins, the others
/// get 409, nothing is a 5xx, and the history replays to the final state.
/// </summary>
public sealed class ConcurrencyTests(SecureServer secure, EmulatorServer emulator)
    : IClassFixture<SecureServer>, IClassFixture<EmulatorServer>
{
    private const int Parallel = 50;

    private static async Task<WireResponse[]> AllAtOnceAsync(IEnumerable<Func<Task<WireResponse>>> requests)
    {
        using var gate = new SemaphoreSlim(0);
        var tasks = requests.Select(async send =>
        {
            await gate.WaitAsync();
            return await send();
        }).ToList();
        gate.Release(tasks.Count);
        return await Task.WhenAll(tasks);
    }

    private static void AssertNoServerErrors(IEnumerable<WireResponse> responses) =>
        Assert.All(responses, r => Assert.True((int)r.Status < 500, $"a 5xx under concurrency: {r}"));

    private static void AssertLosersConflict(IEnumerable<WireResponse> responses) =>
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r =>
        {
            Assert.True(r.Status == HttpStatusCode.Conflict, $"a loser should get 409: {r}");
            Assert.Contains(r.ErrorCode, new[] { Wire.NotAllowed, Wire.ConcurrentUpdate });
            Assert.Equal(JsonValueKind.Null, r.Data.ValueKind);
        });

    /// <summary>Entry count = successes + 1 (creation), each entry starts where the last ended, the last is the current state.</summary>
    private static async Task AssertHistoryMatchesAsync(CocApi api, string number, int successes)
    {
        var history = (await api.HistoryAsync(number)).EnumerateArray().ToList();
        Assert.Equal(successes + 1, history.Count);
        Assert.Equal("create", history[0].Str("action"));
        for (var i = 1; i < history.Count; i++)
            Assert.Equal(history[i - 1].Str("to_status"), history[i].Str("from_status"));
        Assert.Equal(await api.StatusAsync(number), history[^1].Str("to_status"));
        Assert.Equal(history.Count, history.Select(e => e.Str("action_id")).Distinct().Count());
    }

    [Fact]
    public async Task Fifty_parallel_accepts_apply_exactly_once()
    {
        var api = secure.Api();
        var number = await api.CreateAsync();

        var responses = await AllAtOnceAsync(Enumerable.Range(0, Parallel)
            .Select(_ => (Func<Task<WireResponse>>)(() => api.HandleAsync(number, People.Alice, "acceptedIncident1"))));

        AssertNoServerErrors(responses);
        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        AssertLosersConflict(responses);
        Assert.Equal(Statuses.Acknowledged, await api.StatusAsync(number));
        await AssertHistoryMatchesAsync(api, number, successes: 1);
    }

    [Fact]
    public async Task Parallel_accept_forward_and_reject_leave_a_history_that_replays_to_the_state()
    {
        // Emulator mode: any operator may accept or reject, and every forward names a fresh person, so each
        // request is valid on its own and only the workflow decides who wins.
        var api = emulator.Api();
        var number = await api.CreateAsync(Bodies.Create(assignee: "person-0", creator: "creator-0"));
        var requests = Enumerable.Range(0, Parallel).Select(i => (Func<Task<WireResponse>>)(() => (i % 3) switch
        {
            0 => api.HandleAsync(number, "person-0", "acceptedIncident1"),
            1 => api.HandleAsync(number, "dispatcher", "forwardOther1", new JsonObject { ["virtual_send_assignee"] = $"person-{i}" }),
            _ => api.HandleAsync(number, "person-0", "rejected", new JsonObject { ["virtual_confirm_comment"] = "not mine" }),
        }));

        var responses = await AllAtOnceAsync(requests);

        AssertNoServerErrors(responses);
        AssertLosersConflict(responses);
        var successes = responses.Count(r => r.Status == HttpStatusCode.OK);
        Assert.InRange(successes, 1, Parallel);
        await AssertHistoryMatchesAsync(api, number, successes);
    }

    [Fact]
    public async Task Parallel_creates_get_distinct_numbers_and_an_exact_total()
    {
        var api = secure.Api();

        var responses = await AllAtOnceAsync(Enumerable.Range(0, Parallel)
            .Select(i => (Func<Task<WireResponse>>)(() => api.TryCreateAsync(Bodies.Create($"parallel {i}")))));

        Assert.All(responses, Wire.AssertOk);
        Assert.Equal(Parallel, responses.Select(r => r.Data.Str("incident_num")).Distinct().Count());
        Assert.Equal(Parallel, await api.TotalAsync());
        Assert.Equal(Parallel, await api.TotalAsync("limit=100&status=" + Statuses.Triggered));
    }

    [Fact]
    public async Task Parallel_creates_with_one_idempotency_key_make_one_ticket()
    {
        var api = secure.Api();
        var body = Bodies.Create("retried by a flaky client");

        var responses = await AllAtOnceAsync(Enumerable.Range(0, 20)
            .Select(_ => (Func<Task<WireResponse>>)(() => api.TryCreateAsync((JsonObject)body.DeepClone(), "retry-key-1"))));

        AssertNoServerErrors(responses);
        AssertLosersConflict(responses);
        var numbers = responses.Where(r => r.Status == HttpStatusCode.OK).Select(r => r.Data.Str("incident_num")).Distinct().ToList();
        Assert.Single(numbers);
        Assert.Equal(1, await api.TotalAsync());
    }
}
