using Coc.Core.Storage.Sqlite;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Coc.Core.Tests.Storage;

/// <summary>
/// The v2 filters stay on an index after migration 10 (SQLite's EXPLAIN QUERY PLAN). The indexes of sparse columns
/// hold only tickets with a value (a create without one writes nothing to them); SQLite uses such a partial index
/// where the query's <c>col IN (…)</c> or comparison implies <c>col IS NOT NULL</c>. The SQL is shaped as
/// SqlTicketSearch writes it once Dapper expands the lists.
/// </summary>
public sealed class TicketIndexPlanTests() : ScratchDirectory("plans")
{
    private async Task<string> PlanAsync(string where)
    {
        using (var database = new SqliteDatabase(DataPath)) await database.MigrateAsync();
        await using var c = new SqliteConnection($"Data Source={DataPath};Pooling=False");
        await c.OpenAsync();
        var rows = await c.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(
            $"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM tickets WHERE project = @project AND {where}",
            new { project = "p", a = "x", b = "y", t = 1L });
        return string.Join(" / ", rows.Select(r => r.Detail));
    }

    private async Task<bool> IsPartialAsync(string index)
    {
        await using var c = new SqliteConnection($"Data Source={DataPath};Pooling=False");
        await c.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT partial FROM pragma_index_list('tickets') WHERE name = @index", new { index }) == 1;
    }

    [Theory]
    [InlineData("ownership", "tickets_by_ownership")]
    [InlineData("cloud_service", "tickets_by_cloud_service")]
    [InlineData("enterprise_project", "tickets_by_enterprise_project")]
    [InlineData("region", "tickets_by_region")]
    [InlineData("forward_rule_id", "tickets_by_forward_rule")]
    public async Task A_filter_on_a_sparse_column_uses_its_partial_index(string column, string index)
    {
        Assert.Contains($"INDEX {index} ", await PlanAsync($"{column} IN (@a)") + " ");
        Assert.Contains($"INDEX {index} ", await PlanAsync($"{column} IN (@a, @b)") + " ");
        Assert.True(await IsPartialAsync(index), $"{index} holds every ticket, with a value or not");
    }

    [Theory]
    [InlineData("start_time >= @t", "tickets_by_start_time")]
    [InlineData("handle_time < @t", "tickets_by_handle_time")]
    public async Task A_time_range_on_a_sparse_time_uses_its_partial_index(string where, string index)
    {
        Assert.Contains($"INDEX {index} ", await PlanAsync(where) + " ");
        Assert.True(await IsPartialAsync(index), $"{index} holds every ticket, with a value or not");
    }

    [Fact]
    public async Task Status_with_level_is_counted_from_the_status_index_alone()
    {
        Assert.Contains("COVERING INDEX tickets_by_status ", await PlanAsync("status IN (@a, @b) AND level IN (@a)") + " ");
        Assert.Contains("INDEX tickets_by_status ", await PlanAsync("status IN (@a)") + " ");
    }
}
