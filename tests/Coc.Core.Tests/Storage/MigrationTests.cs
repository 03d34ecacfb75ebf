using Coc.Core.Storage;
using Coc.Core.Storage.Attachments;
using Coc.Core.Storage.Sqlite;
using Coc.Core.Storage.Tickets;
using Coc.Core.Tickets;
using Coc.Core.Tickets.V2.Filters;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Coc.Core.Tests.Storage;

/// <summary>A database made by an earlier release is brought up to date without losing anything.</summary>
public sealed class MigrationTests() : ScratchDirectory("migrate")
{
    [Fact]
    public async Task A_version_2_database_keeps_its_ticket_counts_when_counts_move_to_shards()
    {
        await using (var c = new SqliteConnection($"Data Source={DataPath};Pooling=False"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            var earlier = SqliteDialect.Instance.Migrations.Where(m => m.Version <= 2).ToList();
            Assert.Equal(2, earlier.Count);
            cmd.CommandText = "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);"
                + string.Concat(earlier.Select(m => m.Sql + $";INSERT INTO schema_migrations VALUES ({m.Version}, 'v{m.Version}', 0);"))
                + "INSERT INTO project_counters (project, tickets) VALUES ('project-a', 41), ('project-b', 7);";
            await cmd.ExecuteNonQueryAsync();
        }

        using var database = new SqliteDatabase(DataPath);
        await database.MigrateAsync();
        var store = new SqlTicketStore(database);
        Assert.Equal(41, (await store.ListAsync("project-a", new TicketQuery { Limit = 1, Page = 100 })).Total);
        Assert.Equal(7, (await store.ListAsync("project-b", new TicketQuery { Limit = 1, Page = 100 })).Total);
        Assert.Equal(0, (await store.ListAsync("project-c", new TicketQuery())).Total);
        await database.MigrateAsync(); // applied once: running again changes nothing
        Assert.Equal(41, (await store.ListAsync("project-a", new TicketQuery { Limit = 1, Page = 100 })).Total);
    }

    [Fact]
    public async Task A_version_4_databases_tickets_get_the_v2_list_columns_and_its_warrooms_become_records()
    {
        var ticket = new Ticket
        {
            Number = "IM1", Project = "p", Status = TicketStatus.Acknowledged, Level = "level_30", Type = "inc_type_p_config_issues",
            Source = "incident_source_manual", Title = "t", IsServiceInterrupt = true, Region = ["cn-north-4"], EnterpriseProject = ["0"],
            CurrentCloudService = ["app-1"], Assignee = ["ops-alice"], Creator = "ops-carol", CreateTime = 100, StartTime = 90, Version = 2,
        };
        await using (var c = new SqliteConnection($"Data Source={DataPath};Pooling=False"))
        {
            await c.OpenAsync();
            var earlier = SqliteDialect.Instance.Migrations.Where(m => m.Version <= 4).ToList();
            await c.ExecuteAsync("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL);"
                + string.Concat(earlier.Select(m => m.Sql + $";INSERT INTO schema_migrations VALUES ({m.Version}, 'v{m.Version}', 0);")));
            await c.ExecuteAsync(
                """
                INSERT INTO tickets (number, project, status, level, assignee, creator, title, create_time, version, state)
                VALUES ('IM1', 'p', @Status, 'level_30', 'ops-alice', 'ops-carol', 't', 100, 2, @state);
                INSERT INTO ticket_history (project, number, seq, action, operator, at, to_status, change) VALUES
                    ('p', 'IM1', 1, 'create', 'ops-carol', 100, 'x', '{}'), ('p', 'IM1', 2, 'acceptedIncident1', 'ops-alice', 250, 'y', '{}');
                INSERT INTO warrooms (id, project, number, created_at) VALUES ('WR1', 'p', 'IM1', 100);
                """, new { ticket.Status, state = StorageJsonContext.Serialize(ticket) });
        }

        using var database = new SqliteDatabase(DataPath);
        await database.MigrateAsync();
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

        var room = Assert.Single(await new Coc.Core.Storage.WarRooms.SqlWarRoomStore(database).ListAsync("p", ["WR1"], 0, long.MaxValue));
        Assert.Equal("IM1", room.Incident.Number);
        Assert.Null(room.Setup);
        Assert.Equal("1", room.Status);
        Assert.Equal("t", room.EffectiveSetup.Title);
        Assert.Equal(100, room.CreateTime);
    }
}
