using Coc.Core.Errors;
using Coc.Core.Storage.Postgres;
using Coc.Core.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Coc.Core.Tests.Tickets;
using Npgsql;

namespace Coc.Core.Tests.Storage;

/// <summary>Which engine errors mean "out of space" (the SQLite one is also shown for real, on a full tmpfs, by the
/// server's DiskFullTests), and that a full database refuses the write as 507 and tracks it.</summary>
public sealed class StorageFullTests() : ScratchDirectory("full")
{
    [Fact]
    public void Postgres_disk_full_is_storage_full_and_other_errors_are_not()
    {
        Assert.True(PostgresDialect.Instance.IsStorageFull(new PostgresException("could not extend file", "ERROR", "ERROR", "53100")));
        Assert.False(PostgresDialect.Instance.IsStorageFull(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")));
    }

    [Fact]
    public void Sqlite_full_is_storage_full_and_other_errors_are_not()
    {
        Assert.True(SqliteDialect.Instance.IsStorageFull(new SqliteException("database or disk is full", 13)));
        Assert.False(SqliteDialect.Instance.IsStorageFull(new SqliteException("constraint failed", 19)));
    }

    [Fact]
    public async Task A_database_at_its_page_limit_refuses_writes_with_507_keeps_reads_and_writes_again_when_allowed_to_grow()
    {
        using var kit = await Harness.StartAsync(path: DataPath);
        var number = await kit.CreateAsync();
        Assert.True((await kit.Database.ReadinessAsync()).WritesOk);

        await kit.Database.LimitSizeForTestsAsync(grow: false); // SQLITE_FULL from max_page_count: error 13, as a full disk
        var full = await Assert.ThrowsAsync<CocException>(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                var body = Harness.CreateBody();
                body["incident_description"] = new string('x', 600);
                await kit.CreateAsync(body);
            }
        });

        Assert.Equal(507, full.HttpStatus);
        Assert.Equal(CocErrors.StorageFullCode, full.ErrorCode);
        Assert.Equal(60, full.RetryAfterSeconds);
        Assert.True(kit.Database.WriteHealth.IsFull); // (readiness is shown on a real full disk by the server's DiskFullTests)
        Assert.Equal(number, (await kit.GetAsync(number)).Number);

        await kit.Database.LimitSizeForTestsAsync(grow: true);
        await kit.CreateAsync();
        Assert.False(kit.Database.WriteHealth.IsFull);
    }
}
