using Coc.Core.Storage;
using Coc.Core.Storage.Tickets;
using Coc.Core.Storage.WarRooms;
using Coc.Core.Tickets;
using Coc.Core.Tickets.V2.Filters;
using Dapper;

namespace Coc.Server.Tests.V2;

/// <summary>Migrations 5 and 6 on the suite's engine: a version-4 database's tickets get the v2 list's columns from
/// their state and history, and its WarRooms become records.</summary>
public sealed class V2MigrationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coc-v2-migration", Guid.NewGuid().ToString("N"));
    private readonly string? _postgres = TestEngine.IsPostgres ? TestEngine.CreateDatabase() : null;

    [Fact]
    public async Task A_version_4_databases_tickets_get_the_v2_list_columns_and_its_warrooms_become_records()
    {
        Directory.CreateDirectory(_directory);
        using var stores = _postgres is null ? SqlStores.Sqlite(Path.Combine(_directory, "coc.db")) : SqlStores.Postgres(_postgres);
        var database = stores.Database;
        var ticket = new Ticket
        {
            Number = "IM1", Project = "p", Status = TicketStatus.Acknowledged, Level = "level_30", Type = "inc_type_p_config_issues",
            Source = "incident_source_manual", Title = "t", IsServiceInterrupt = true, Region = ["cn-north-4"], EnterpriseProject = ["0"],
            CurrentCloudService = ["app-1"], Assignee = ["ops-alice"], Creator = "ops-carol", CreateTime = 100, StartTime = 90, Version = 2,
        };
        await database.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(
                $"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at {database.Dialect.Long} NOT NULL)",
                transaction: tx);
            foreach (var m in database.Dialect.Migrations.Where(m => m.Version <= 4))
            {
                await c.ExecuteAsync(m.Sql, transaction: tx);
                await c.ExecuteAsync("INSERT INTO schema_migrations VALUES (@Version, @Name, 0)", new { m.Version, m.Name }, tx);
            }
            await c.ExecuteAsync(
                """
                INSERT INTO tickets (number, project, status, level, assignee, creator, title, create_time, version, state)
                VALUES ('IM1', 'p', @Status, 'level_30', 'ops-alice', 'ops-carol', 't', 100, 2, @state);
                INSERT INTO ticket_history (project, number, seq, action, operator, at, to_status, change) VALUES
                    ('p', 'IM1', 1, 'create', 'ops-carol', 100, 'x', '{}'), ('p', 'IM1', 2, 'acceptedIncident1', 'ops-alice', 250, 'y', '{}');
                INSERT INTO warrooms (id, project, number, created_at) VALUES ('WR1', 'p', 'IM1', 100);
                """, new { ticket.Status, state = StorageJsonContext.Serialize(ticket) }, tx);
            return 0;
        }, CancellationToken.None);

        await stores.MigrateAsync();

        var search = new SqlTicketSearch(database);
        var fields = TicketFields.All.ToDictionary(f => f.Name);
        foreach (var (field, op, value) in new[]
        {
            ("mtm_type", "=", "inc_type_p_config_issues"), ("source_id", "=", "incident_source_manual"), ("mtm_region", "=", "cn-north-4"),
            ("enterprise_project_id", "=", "0"), ("current_cloud_service_id", "=", "app-1"), ("is_service_interrupt", "=", "true"),
            ("operator", "=", "ops-alice"), ("update_time", "=", "250"), ("start_time", "=", "90"), ("handle_time", "!=", "1"),
        })
        {
            var where = new Match(new Filter(null, fields[field], op, [value], field));
            var page = await search.SearchAsync("p", new TicketSearch(where, null, 0, 10, true, []));
            Assert.True(page.Total == 1, $"{field} {op} {value} matched {page.Total}");
            Assert.Equal(250, Assert.Single(page.Rows).UpdateTime);
        }
        var room = Assert.Single(await new SqlWarRoomStore(database).ListAsync("p", ["WR1"], 0, long.MaxValue));
        Assert.Equal("IM1", room.Incident.Number);
        Assert.Null(room.Setup);
        Assert.Equal("1", room.Status);
        Assert.Equal("t", room.EffectiveSetup.Title);
        Assert.Equal(100, room.CreateTime);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgres is not null) TestEngine.DropDatabase(_postgres);
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
