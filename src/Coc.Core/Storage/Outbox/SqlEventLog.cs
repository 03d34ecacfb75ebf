using Dapper;

namespace Coc.Core.Storage.Outbox;

/// <summary>
/// The events table read as a feed (the live stream of outbound.md): events after a position (<c>seq</c>), the position
/// of an event id, and the pruning of events older than <see cref="Retention"/> that no delivery still waits for.
/// </summary>
public sealed class SqlEventLog(Database database)
{
    /// <summary>How long an event stays resumable by <c>Last-Event-ID</c> (outbound.md, Live events).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private const string SelectEvent =
        """
        SELECT seq AS Seq, event_id AS Id, type AS Type, project AS Project, number AS TicketNumber, ticket_seq AS TicketSeq, at AS At,
               body AS Data
        FROM events
        """;

    public Task<long> LatestSeqAsync(CancellationToken ct = default) =>
        database.ReadAsync(async c => await c.ExecuteScalarAsync<long?>("SELECT MAX(seq) FROM events") ?? 0, ct);

    /// <summary>The position of the project's event <paramref name="eventId"/>; null if it is not (or no longer) stored.</summary>
    public Task<long?> SeqOfAsync(string project, string eventId, CancellationToken ct = default) =>
        database.ReadAsync(c => c.ExecuteScalarAsync<long?>(
            "SELECT seq FROM events WHERE event_id = @eventId AND project = @project", new { eventId, project }), ct);

    /// <summary>Events after <paramref name="seq"/>, in order, of one project (any when <paramref name="project"/> is null).</summary>
    public Task<IReadOnlyList<StoredEvent>> AfterAsync(long seq, string? project, int max, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<StoredEvent>>(async c => (await c.QueryAsync<StoredEvent>(
            SelectEvent + " WHERE seq > @seq" + (project is null ? "" : " AND project = @project") + " ORDER BY seq LIMIT @max",
            new { seq, project, max })).ToList(), ct);

    /// <summary>The events at these positions (those that committed after later ones were read).</summary>
    public Task<IReadOnlyList<StoredEvent>> AtAsync(IReadOnlyCollection<long> seqs, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<StoredEvent>>(async c => (await c.QueryAsync<StoredEvent>(
            SelectEvent + " WHERE " + database.Dialect.InList("seq", "seqs") + " ORDER BY seq", new { seqs = seqs.ToArray() })).ToList(), ct);

    /// <summary>Deletes events from before <paramref name="cutoff"/> (ms) without a pending delivery, in batches of
    /// <paramref name="batch"/> (each its own short write); returns how many.</summary>
    public async Task<int> PruneAsync(long cutoff, int batch = 5000, CancellationToken ct = default)
    {
        var total = 0;
        while (true)
        {
            var deleted = await database.WriteAsync((c, tx) => c.ExecuteAsync(
                """
                DELETE FROM events WHERE seq IN (
                    SELECT e.seq FROM events e
                    WHERE e.at < @cutoff
                      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.event_id AND d.state = 'pending')
                    ORDER BY e.seq LIMIT @batch)
                """, new { cutoff, batch }, tx), ct);
            total += deleted;
            if (deleted < batch) return total;
        }
    }
}

/// <summary>One row of the events table; <see cref="Data"/> is null for a ticket event not yet rendered.</summary>
public sealed class StoredEvent
{
    public long Seq { get; init; }
    public string Id { get; init; } = "";
    public string Type { get; init; } = "";
    public string Project { get; init; } = "";
    public string? TicketNumber { get; init; }
    public int? TicketSeq { get; init; }
    public long At { get; init; }
    public string? Data { get; init; }
}
