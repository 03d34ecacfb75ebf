using Coc.Core.Storage;
using Coc.Core.Storage.Attachments;
using Coc.Core.Storage.Sqlite;
using Coc.Core.Storage.Tickets;
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
}
