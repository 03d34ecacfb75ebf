using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Core.Storage;
using Coc.Core.Storage.Postgres;
using Coc.Core.Tickets;
using Npgsql;

namespace Coc.Server.Tests;

/// <summary>
/// Several server processes behind one PostgreSQL database (issue: PostgreSQL and many server instances): they
/// migrate safely together, share idempotency keys, never duplicate a number, never corrupt a ticket under
/// conflicting operations, and keep every acknowledged write when one of them is killed.
/// </summary>
[Trait("Category", "MultiInstance")]
public sealed class MultiInstanceTests : IDisposable
{
    private const string Project = "default";
    private readonly string _db = TestEngine.CreateDatabase();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coc-server-tests", "multi-" + Guid.NewGuid().ToString("N"));
    private readonly List<ServerProcess> _servers = [];

    public MultiInstanceTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        foreach (var s in _servers) s.Dispose();
        TestEngine.DropDatabase(_db);
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>Starts <paramref name="count"/> instances at once on the empty database: one migrates, the others wait.</summary>
    private async Task<CocApi[]> StartInstancesAsync(int count)
    {
        var started = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            ServerProcess.StartAsync(Path.Combine(_directory, $"unused-{i}.db"), db: _db)));
        _servers.AddRange(started);
        return started.Select(s => new CocApi(s.CreateClient(), Project)).ToArray();
    }

    [Fact]
    public async Task Instances_started_together_migrate_once_and_serve_the_same_tickets()
    {
        var apis = await StartInstancesAsync(3);

        var number = await apis[0].CreateAsync();
        await apis[1].DoAsync(number, People.Alice, "acceptedIncident1");

        Assert.Equal(Statuses.Acknowledged, await apis[2].StatusAsync(number));
        await using var c = new NpgsqlConnection(_db);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT array_agg(version ORDER BY version) FROM schema_migrations", c);
        var everyMigration = Coc.Core.Storage.Postgres.PostgresDialect.Instance.Migrations.Select(m => m.Version).ToArray();
        Assert.True(everyMigration.Length >= 3, "the migrations were not found");
        Assert.Equal(everyMigration, (int[])(await cmd.ExecuteScalarAsync())!); // each once

    }

    [Fact]
    public async Task An_idempotent_retry_on_another_instance_returns_the_first_ticket()
    {
        var apis = await StartInstancesAsync(2);
        var body = Bodies.Create("retried through the load balancer");

        var first = await apis[0].CreateAsync((JsonObject)body.DeepClone(), "lb-retry");
        var retried = await apis[1].CreateAsync((JsonObject)body.DeepClone(), "lb-retry");

        Assert.Equal(first, retried);
        Assert.Equal(1, (await apis[1].ListAsync()).Data.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Mixed_load_on_two_instances_keeps_every_ticket_consistent()
    {
        var apis = await StartInstancesAsync(2);
        var load = new Workload(apis, seed: 20261122);

        await load.RunAsync(operations: 2000, conflictingPairs: 100, workers: 8);

        Assert.Empty(load.Unexpected);                        // no 5xx, no undocumented error
        Assert.True(load.Succeeded > 1000, $"only {load.Succeeded} operations succeeded");
        Assert.True(load.ConflictPairsWithOneWinner >= 100, $"{load.ConflictPairsWithOneWinner} of 100 conflicting pairs had exactly one winner");
        Assert.Equal(0, load.ConflictPairsWithTwoWinners);
        await AssertConsistentAsync(load);
    }

    [Fact]
    public async Task Every_acknowledged_write_survives_a_SIGKILL_of_one_instance_mid_load()
    {
        var apis = await StartInstancesAsync(2);
        var load = new Workload(apis, seed: 7);
        var running = load.RunAsync(operations: 1500, conflictingPairs: 0, workers: 8, tolerateTransportErrors: true);
        await load.WaitForSucceededAsync(300);

        _servers[0].Kill();
        await running;

        Assert.True(load.Succeeded > 300);
        Assert.True(load.TransportErrors > 0, "the kill happened after the load had finished");
        Assert.Empty(load.Unexpected);
        await AssertConsistentAsync(load);
    }

    [Fact]
    public async Task The_server_answers_healthz_while_the_database_comes_up_and_turns_ready_when_it_is()
    {
        var missing = new NpgsqlConnectionStringBuilder(_db) { Database = "coc_late_" + Guid.NewGuid().ToString("N") }.ConnectionString;
        var server = await ServerProcess.StartAsync(Path.Combine(_directory, "unused.db"), db: missing, waitUntilReady: false);
        _servers.Add(server);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        var early = await new CocApi(server.CreateClient(), Project).ListAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.Status);
        Assert.Equal("GOM.00007299", early.Json.Str("error_code"));

        await using (var c = new NpgsqlConnection(TestEngine.AdminConnectionString))
        {
            await c.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {new NpgsqlConnectionStringBuilder(missing).Database}", c);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((await http.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK)
            {
                Assert.True(DateTime.UtcNow < deadline, "the server did not become ready after the database appeared");
                await Task.Delay(200);
            }
            Wire.AssertOk(await new CocApi(server.CreateClient(), Project).ListAsync());
        }
        finally
        {
            server.Kill();
            TestEngine.DropDatabase(missing);
        }
    }

    /// <summary>Every ticket's history replays to its stored state; numbers and WarRooms are unique; every
    /// acknowledged operation is in the database.</summary>
    private async Task AssertConsistentAsync(Workload load)
    {
        using var stores = SqlStores.Postgres(_db);
        var store = stores.Tickets;
        var page = await store.ListAsync(Project, new TicketQuery { Limit = 100, Page = 1 });
        var all = new List<Ticket>();
        for (var p = 1; (p - 1) * 100 < page.Total; p++)
            all.AddRange((await store.ListAsync(Project, new TicketQuery { Limit = 100, Page = p })).Tickets);

        Assert.Equal(all.Count, all.Select(t => t.Number).Distinct().Count());
        var warRooms = all.Where(t => t.WarroomId is not null).Select(t => t.WarroomId).ToList();
        Assert.Equal(warRooms.Count, warRooms.Distinct().Count());
        foreach (var number in load.CreatedNumbers) Assert.Contains(all, t => t.Number == number);

        var histories = (await store.HistoryAsync(Project, all.Select(t => t.Number).ToList())).ToLookup(h => h.TicketNumber);
        foreach (var ticket in all)
        {
            var history = histories[ticket.Number].OrderBy(h => h.Seq).ToList();
            Assert.Equal(Enumerable.Range(1, history.Count), history.Select(h => h.Seq));
            Assert.Equal(StorageJsonContext.Serialize(ticket), StorageJsonContext.Serialize(TicketEvolution.Replay(history)));
        }
        var recordedOps = histories.SelectMany(g => g)
            .Select(h => h.ParameterJson is null ? null : JsonNode.Parse(h.ParameterJson)?["op_id"]?.GetValue<string>())
            .Where(id => id is not null).ToHashSet();
        var lost = load.AcknowledgedOperationIds.Where(id => !recordedOps.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged operations are missing from the history");
    }

    /// <summary>
    /// A random mix of creates and workflow operations over a pool of tickets, each sent to a random instance;
    /// conflicting pairs send the same operation on the same ticket to both instances at once. Every handle
    /// carries a unique <c>op_id</c> in its parameter (unknown keys are kept in the history as sent).
    /// </summary>
    private sealed class Workload(CocApi[] apis, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly ConcurrentDictionary<string, Model> _tickets = new();
        private readonly ConcurrentBag<string> _unexpected = [];
        private readonly ConcurrentBag<string> _acknowledged = [];
        private readonly ConcurrentBag<string> _created = [];
        private int _succeeded, _transportErrors, _oneWinner, _twoWinners, _sent;

        private sealed class Model
        {
            public string Status = Statuses.Triggered;
            public string Assignee = People.Alice;
            public string Level = "level_50";
        }

        public IReadOnlyCollection<string> Unexpected => _unexpected;
        public IEnumerable<string> AcknowledgedOperationIds => _acknowledged;
        public IEnumerable<string> CreatedNumbers => _created;
        public int Succeeded => _succeeded;
        public int TransportErrors => _transportErrors;
        public int ConflictPairsWithOneWinner => _oneWinner;
        public int ConflictPairsWithTwoWinners => _twoWinners;

        public async Task WaitForSucceededAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Volatile.Read(ref _succeeded) < count && DateTime.UtcNow < deadline) await Task.Delay(20);
        }

        public async Task RunAsync(int operations, int conflictingPairs, int workers, bool tolerateTransportErrors = false)
        {
            for (var i = 0; i < 10; i++) await CreateAsync(apis[i % apis.Length], tolerateTransportErrors);
            var pairsLeft = conflictingPairs;
            await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
            {
                while (Interlocked.Increment(ref _sent) <= operations)
                {
                    if (Interlocked.Decrement(ref pairsLeft) >= 0) await ConflictingPairAsync();
                    else await OneOperationAsync(tolerateTransportErrors);
                }
            }));
        }

        private CocApi AnyInstance() { lock (_random) return apis[_random.Next(apis.Length)]; }
        private int Roll(int n) { lock (_random) return _random.Next(n); }

        private async Task CreateAsync(CocApi api, bool tolerate)
        {
            var r = await SendAsync(() => api.TryCreateAsync(Bodies.Create("load " + Guid.NewGuid().ToString("N")[..8])), tolerate);
            if (r?.Status != HttpStatusCode.OK) return;
            var number = r.Data.Str("incident_num");
            _tickets[number] = new Model();
            _created.Add(number);
            Interlocked.Increment(ref _succeeded);
        }

        private async Task OneOperationAsync(bool tolerate)
        {
            var api = AnyInstance();
            var open = _tickets.Where(t => t.Value.Status != Statuses.Completed).Select(t => t.Key).ToList();
            if (open.Count < 5 || Roll(10) == 0) { await CreateAsync(api, tolerate); return; }
            var number = open[Roll(open.Count)];
            var model = _tickets[number];
            var (op, actor, parameter) = NextOperation(model);
            var opId = Guid.NewGuid().ToString("N");
            parameter["op_id"] = opId;
            var r = await SendAsync(() => api.HandleAsync(number, actor, op, parameter), tolerate);
            if (r is null) return;
            if (r.Status == HttpStatusCode.OK)
            {
                _acknowledged.Add(opId);
                Interlocked.Increment(ref _succeeded);
                Apply(model, op, parameter);
            }
            else if (r.Status == HttpStatusCode.Conflict)
            {
                // Someone else moved the ticket: learn its real state.
                var d = await SendAsync(() => api.DetailsAsync(number), tolerate);
                if (d?.Status == HttpStatusCode.OK) Learn(model, d.Data);
            }
        }

        private async Task ConflictingPairAsync()
        {
            var number = await apis[0].CreateAsync(Bodies.Create("contested"));
            _created.Add(number);
            var ids = new[] { Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N") };
            var results = await Task.WhenAll(apis.Take(2).Select((api, i) =>
                SendAsync(() => api.HandleAsync(number, People.Alice, "acceptedIncident1", new JsonObject { ["op_id"] = ids[i] }), false)));
            var winners = results.Count(r => r?.Status == HttpStatusCode.OK);
            if (winners == 1) Interlocked.Increment(ref _oneWinner);
            if (winners == 2) Interlocked.Increment(ref _twoWinners);
            for (var i = 0; i < 2; i++)
                if (results[i]?.Status == HttpStatusCode.OK) { _acknowledged.Add(ids[i]); Interlocked.Increment(ref _succeeded); }
            _tickets[number] = new Model { Status = Statuses.Acknowledged };
        }

        private (string Op, string Actor, JsonObject Parameter) NextOperation(Model m) => m.Status switch
        {
            Statuses.Triggered when Roll(5) == 0 => ("forwardOther1", People.Carol,
                new JsonObject { ["virtual_send_assignee"] = m.Assignee == People.Alice ? People.Bob : People.Alice }),
            Statuses.Triggered => ("acceptedIncident1", m.Assignee, []),
            Statuses.Acknowledged when Roll(4) == 0 && m.Level != "level_30" => ("incidentChangeLevel1", m.Assignee,
                new JsonObject { ["virtual_target_level"] = "level_30", ["virtual_change_level_comment"] = "worse" }),
            Statuses.Acknowledged => ("commitSolution1", m.Assignee, Bodies.Solution()),
            Statuses.Resolved => ("confirm", People.Carol, Bodies.Confirmation(Roll(3) != 0)),
            _ => ("acceptedIncident1", m.Assignee, []),
        };

        private static void Apply(Model m, string op, JsonObject p)
        {
            switch (op)
            {
                case "acceptedIncident1": m.Status = Statuses.Acknowledged; break;
                case "forwardOther1": m.Status = Statuses.Triggered; m.Assignee = p["virtual_send_assignee"]!.GetValue<string>(); break;
                case "incidentChangeLevel1": m.Level = "level_30"; break;
                case "commitSolution1": m.Status = Statuses.Resolved; break;
                case "confirm": m.Status = p["virtual_confirm_result"]!.GetValue<bool>() ? Statuses.Completed : Statuses.Acknowledged; break;
            }
        }

        private static void Learn(Model m, JsonElement details)
        {
            m.Status = details.Str("status");
            m.Level = details.Str("incident_level");
            m.Assignee = details.GetProperty("incident_assignee")[0].GetString()!;
        }

        /// <summary>Documented outcomes only: 200, 400, 409 GOM.00007258/9. A transport error (the instance died)
        /// is tolerated when asked; anything else is recorded as unexpected.</summary>
        private async Task<WireResponse?> SendAsync(Func<Task<WireResponse>> send, bool tolerateTransportErrors)
        {
            try
            {
                var r = await send();
                var documented = r.Status == HttpStatusCode.OK
                    || r.Status == HttpStatusCode.BadRequest && r.Json.Str("error_code") is "GOM.00007256"
                    || r.Status == HttpStatusCode.Conflict && r.Json.Str("error_code") is "GOM.00007258" or "GOM.00007259";
                if (!documented) _unexpected.Add($"HTTP {(int)r.Status}: {r.Text}");
                return r;
            }
            catch (HttpRequestException) when (tolerateTransportErrors)
            {
                Interlocked.Increment(ref _transportErrors);
                return null;
            }
        }
    }
}
