using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Coc.Server.Tests.ControlPlane;

/// <summary>Snapshots of the whole state while the server serves, restored into the running server (SQLite).</summary>
public sealed class SnapshotTests
{
    [Fact]
    public async Task A_snapshot_restored_while_serving_brings_back_exactly_its_state()
    {
        await using var server = new EmulatorServer();
        var api = server.Api();
        if (TestEngine.IsPostgres)
        {
            // Snapshots are SQLite's: PostgreSQL answers 501, pointing to pg_dump.
            Wire.AssertError(await Control.PostAsync(api, "/snapshots"), HttpStatusCode.NotImplemented, Wire.NotAllowed, "pg_dump");
            return;
        }
        var before = await api.CreateAsync();
        var taken = await Control.OkAsync(Control.PostAsync(api, "/snapshots", """{"name": "before-second"}"""));
        Wire.AssertString(taken, "name", "before-second");
        Assert.True(Wire.AssertInteger(taken, "size") > 0);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(server.DataPath)!, "snapshots", "before-second.db")));

        var after = await api.CreateAsync();
        await api.DoAsync(before, People.Alice, "acceptedIncident1");
        Assert.Equal(Statuses.Acknowledged, await api.StatusAsync(before)); // cached in its new state

        // Readers and writers keep going while the restore runs; each answers (200, or 400 for a ticket gone).
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            var answers = 0;
            while (!stop.IsCancellationRequested)
            {
                var r = await api.DetailsAsync(before);
                Assert.True(r.Status == HttpStatusCode.OK, $"a read during the restore failed: {r}");
                answers++;
            }
            return answers;
        });
        var restored = await Control.OkAsync(Control.PostAsync(api, "/snapshots/before-second/restore"));
        await stop.CancelAsync();
        Assert.True(await traffic > 0);
        Assert.True(Wire.AssertInteger(restored, "schema_version") > 0);

        Assert.Equal(Statuses.Triggered, await api.StatusAsync(before));
        Wire.AssertError(await api.DetailsAsync(after), HttpStatusCode.BadRequest, Wire.TicketNotFound);
        Assert.Equal(1, await api.TotalAsync());
        await api.CreateAsync(); // and the restored state takes writes
        Assert.Equal(2, await api.TotalAsync());

        var list = await Control.OkAsync(api.GetAsync("/_coc/snapshots"));
        Assert.Contains(list.GetProperty("snapshots").EnumerateArray(), s => s.Str("name") == "before-second");
        Wire.AssertOk(await api.SendAsync(HttpMethod.Delete, "/_coc/snapshots/before-second"));
        Assert.Empty((await Control.OkAsync(api.GetAsync("/_coc/snapshots"))).GetProperty("snapshots").EnumerateArray());
        Wire.AssertError(await Control.PostAsync(api, "/snapshots/before-second/restore"), HttpStatusCode.NotFound, Wire.InvalidParameter);
    }

    [Fact]
    public async Task A_snapshot_of_a_newer_schema_is_refused_with_409_and_bad_names_are_400()
    {
        await using var server = new EmulatorServer();
        var api = server.Api();
        if (TestEngine.IsPostgres)
        {
            Wire.AssertError(await Control.PostAsync(api, "/snapshots/future/restore"), HttpStatusCode.NotImplemented, Wire.NotAllowed, "pg_dump");
            return;
        }
        var number = await api.CreateAsync();
        await Control.OkAsync(Control.PostAsync(api, "/snapshots", """{"name": "future"}"""));
        var file = Path.Combine(Path.GetDirectoryName(server.DataPath)!, "snapshots", "future.db");
        await using (var c = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from the future', 0)";
            await cmd.ExecuteNonQueryAsync();
        }

        Wire.AssertError(await Control.PostAsync(api, "/snapshots/future/restore"), HttpStatusCode.Conflict, Wire.NotAllowed, "9999");
        Assert.Equal(Statuses.Triggered, await api.StatusAsync(number)); // the running state is untouched
        Wire.AssertError(await Control.PostAsync(api, "/snapshots", """{"name": "future"}"""), HttpStatusCode.Conflict, Wire.NotAllowed);
        Wire.AssertInvalid(await Control.PostAsync(api, "/snapshots", """{"name": "../escape"}"""), "name");
        Wire.AssertInvalid(await Control.PostAsync(api, "/snapshots", """{"name": 3}"""), "name");
    }
}
