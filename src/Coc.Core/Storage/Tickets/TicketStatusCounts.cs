using System.Data.Common;
using Coc.Core.Tickets.V2.Filters;

namespace Coc.Core.Storage.Tickets;

/// <summary>
/// How many tickets each project has per status and level (schema migration 11), kept in the ticket's own write. A v2
/// total whose condition reads only status and level sums a few of these rows instead of counting the matching tickets
/// (tens of thousands at 1,000,000). Writes pick a random shard, so on PostgreSQL concurrent writes do not queue on one
/// row; a shard may go negative (a ticket counted in one shard leaves from another), only the sum means anything.
/// </summary>
internal static class TicketStatusCounts
{
    /// <summary>The v2 fields whose columns the counts table has, with the same names as in <c>tickets</c>.</summary>
    private static readonly HashSet<string> CountedFields = ["work_flow_status", "level_id"];

    public static Task AddAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, string project, string status, string level, int delta) =>
        c.ExecuteKeptAsync(tx,
            """
            INSERT INTO ticket_status_counts (project, status, level, shard, tickets) VALUES (@project, @status, @level, @shard, @delta)
            ON CONFLICT (project, status, level, shard) DO UPDATE SET tickets = ticket_status_counts.tickets + @delta
            """, ("project", project), ("status", status), ("level", level), ("shard", Random.Shared.Next(dialect.CounterShards)), ("delta", delta));

    /// <summary>True when <paramref name="condition"/> reads no column but status and level, so that its SQL is valid
    /// over <c>ticket_status_counts</c> and the sum of the rows it selects is the number of tickets it matches.</summary>
    public static bool CanCount(Condition condition) => condition switch
    {
        AllOf all => all.Parts.All(CanCount),
        AnyOf any => any.Parts.All(CanCount),
        Match m => CountedFields.Contains(m.Filter.Field.Name),
        _ => false,
    };
}
