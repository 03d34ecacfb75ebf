using Coc.Core.Tickets;
using Dapper;

namespace Coc.Core.Storage.Tickets;

public sealed record OpenTicketCount(string Status, string Level, long Count);

/// <summary>How many tickets are open (not completed) per status and level, over every project. The query repeats
/// the predicate of the partial index <c>tickets_open</c> (schema migration 6), so both engines count from that index
/// alone: the cost follows the open tickets, however many completed ones the table holds.</summary>
public sealed class OpenTicketCounts(Database database)
{
    internal const string Query =
        $"SELECT status AS Status, level AS Level, COUNT(*) AS Count FROM tickets WHERE status <> '{TicketStatus.Completed}' GROUP BY status, level";

    public Task<IReadOnlyList<OpenTicketCount>> ReadAsync(CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<OpenTicketCount>>(async c =>
            (await c.QueryAsync<CountRow>(Query)).Select(r => new OpenTicketCount(r.Status, r.Level, r.Count)).ToList(), ct);

    // Settable properties, not the record's constructor: on an empty table SQLite reports the COUNT column's type as
    // BLOB (an expression has no declared type), and Dapper refuses a constructor whose parameter is a long.
    internal sealed class CountRow
    {
        public string Status { get; init; } = "";
        public string Level { get; init; } = "";
        public long Count { get; init; }
    }
}
