using System.Net;
using System.Text.Json.Nodes;
using Coc.Core.Storage;
using Coc.Core.Storage.Postgres;
using Coc.Server.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Coc.Server.Tests;

/// <summary>
/// A PostgreSQL connection lost around the COMMIT (issue: Faults). The backend is really terminated, at the chosen
/// moment, through the store's commit hook: a commit that landed answers 200, one that provably did not is the
/// "not applied" 503 <c>GOM.00007299</c>, and only when the database cannot be asked is it 503 <c>GOM.00007298</c>
/// "outcome unknown" — after which a retry with the same Idempotency-Key is safe. PostgreSQL-only, so in the
/// category scripts/test runs once with PostgreSQL.
/// </summary>
[Trait("Category", "MultiInstance")]
public sealed class AmbiguousCommitTests : IAsyncLifetime
{
    private readonly string _db = TestEngine.CreateDatabase();
    private AuthServer _server = null!;
    private PostgresDatabase _store = null!;
    private CocApi _api = null!;

    public async Task InitializeAsync()
    {
        _server = new AuthServer(settings: [KeyValuePair.Create("Coc:Db", _db)]);
        _api = _server.Api();
        await _api.TotalAsync();
        _store = (PostgresDatabase)_server.Services.GetRequiredService<Database>();
        _store.ResolutionWindow = TimeSpan.FromSeconds(2);
    }

    public async Task DisposeAsync()
    {
        await AllowConnectionsAsync(true);
        await _server.DisposeAsync();
        TestEngine.DropDatabase(_db);
    }

    [Fact]
    public async Task A_commit_that_landed_before_the_connection_died_answers_200()
    {
        var number = await _api.CreateAsync();
        OnNextCommit(async (c, tx) =>
        {
            await tx.CommitAsync();
            await TerminateAsync(c.ProcessID);
            await new NpgsqlCommand("SELECT 1", c).ExecuteScalarAsync(); // the reply that never comes
        });

        var response = await _api.HandleAsync(number, People.Alice, "acceptedIncident1");

        Wire.AssertOk(response);
        Assert.Equal(Statuses.Acknowledged, await _api.StatusAsync(number));
        Assert.Equal(2, (await _api.HistoryAsync(number)).GetArrayLength());
    }

    [Fact]
    public async Task A_connection_lost_before_the_commit_reached_the_database_is_not_applied()
    {
        var number = await _api.CreateAsync();
        OnNextCommit(async (c, tx) =>
        {
            await TerminateAsync(c.ProcessID);
            await tx.CommitAsync();
        });

        var response = await _api.HandleAsync(number, People.Alice, "acceptedIncident1");

        Wire.AssertError(response, HttpStatusCode.ServiceUnavailable, "GOM.00007299", "nothing was changed");
        Assert.Equal("1", response.RetryAfter);
        Assert.Equal(Statuses.Triggered, await _api.StatusAsync(number));
        Assert.Single((await _api.HistoryAsync(number)).EnumerateArray());
    }

    [Fact]
    public async Task When_the_database_cannot_be_asked_the_outcome_is_unknown_and_a_keyed_retry_is_safe()
    {
        var number = await _api.CreateAsync();
        var accept = Bodies.Handle(number, People.Alice, "acceptedIncident1");
        KeyValuePair<string, string>[] key = [KeyValuePair.Create("Idempotency-Key", "unknown-outcome-1")];
        OnNextCommit(async (c, tx) =>
        {
            await tx.CommitAsync();
            await AllowConnectionsAsync(false);
            await TerminateAllAsync(); // the pooled idle connections too: the server cannot ask
            await new NpgsqlCommand("SELECT 1", c).ExecuteScalarAsync();
        });

        var response = await _api.PostAsync("/v1/external/incident/handle", accept, key);

        Wire.AssertError(response, HttpStatusCode.ServiceUnavailable, "GOM.00007298", "may or may not");
        Assert.Equal("1", response.RetryAfter);
        await AllowConnectionsAsync(true);
        // It had landed; the retry with the same key answers as the first would have, and applies nothing twice.
        Wire.AssertOk(await _api.PostAsync("/v1/external/incident/handle", accept, key));
        Assert.Equal(Statuses.Acknowledged, await _api.StatusAsync(number));
        Assert.Equal(2, (await _api.HistoryAsync(number)).GetArrayLength());
    }

    /// <summary>Runs <paramref name="commit"/> instead of the next write's COMMIT, once.</summary>
    private void OnNextCommit(Func<NpgsqlConnection, NpgsqlTransaction, Task> commit) =>
        _store.CommitOverride = (c, tx) =>
        {
            _store.CommitOverride = null;
            return commit(c, tx);
        };

    private static async Task AdminAsync(string sql, object? pid = null)
    {
        await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestEngine.AdminConnectionString) { Pooling = false }.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        if (pid is not null) cmd.Parameters.AddWithValue("pid", pid);
        await cmd.ExecuteNonQueryAsync();
    }

    private static Task TerminateAsync(int pid) => AdminAsync("SELECT pg_terminate_backend(@pid, 5000)", pid);

    private Task TerminateAllAsync() => AdminAsync(
        $"SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '{DbName}' AND pid <> pg_backend_pid()");

    private Task AllowConnectionsAsync(bool allow) => AdminAsync($"ALTER DATABASE {DbName} WITH ALLOW_CONNECTIONS {(allow ? "true" : "false")}");

    private string DbName => new NpgsqlConnectionStringBuilder(_db).Database!;
}
