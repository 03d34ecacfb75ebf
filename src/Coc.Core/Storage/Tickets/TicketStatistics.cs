using Coc.Core.Tickets;
using Dapper;

namespace Coc.Core.Storage.Tickets;

public sealed record StatusLevelCount(string Status, string Level, long Count);

/// <summary>Tickets of one level created in a window: how many, how many were accepted and completed, and the mean
/// time to accept and to resolve (paused time excluded, as the details' mtta_ms / mttr_ms), null when none.</summary>
public sealed record LevelTimes(string Level, long Created, long Accepted, long? MttaMs, long Completed, long? MttrMs);

public sealed record StatisticsWindow(int Days, long Since, long Until, IReadOnlyList<LevelTimes> Levels);

public sealed record TicketStatistics(IReadOnlyList<StatusLevelCount> Counts, IReadOnlyList<StatisticsWindow> Windows);

/// <summary>
/// The dashboard's numbers for one project [ours] (docs/decisions.md, On-call desk): counts by status and level over
/// every ticket, and per-level MTTA / MTTR of the tickets created in the last 7 and 30 days. The times come from the
/// tickets' states (read once, for the longest window), so they are the details' own numbers.
/// </summary>
public sealed class SqlTicketStatistics(Database database)
{
    public static readonly IReadOnlyList<int> WindowDays = [7, 30];

    public Task<TicketStatistics> ReadAsync(string project, IReadOnlyList<string> levels, long now, CancellationToken ct = default) =>
        database.ReadAsync(async c =>
        {
            var counts = (await c.QueryAsync<OpenTicketCounts.CountRow>(
                    "SELECT status AS Status, level AS Level, COUNT(*) AS Count FROM tickets WHERE project = @project GROUP BY status, level ORDER BY status, level",
                    new { project }))
                .Select(r => new StatusLevelCount(r.Status, r.Level, r.Count)).ToList();
            var since = now - (long)WindowDays.Max() * 86_400_000;
            var states = await c.QueryAsync<string>(
                "SELECT state FROM tickets WHERE project = @project AND create_time >= @since", new { project, since });
            var tickets = states.Select(StorageJsonContext.DeserializeTicket).ToList();
            var windows = WindowDays.Select(days => Window(days, now, levels, tickets)).ToList();
            return new TicketStatistics(counts, windows);
        }, ct);

    private static StatisticsWindow Window(int days, long now, IReadOnlyList<string> levels, List<Ticket> tickets)
    {
        var since = now - (long)days * 86_400_000;
        var inWindow = tickets.Where(t => t.CreateTime >= since).ToList();
        return new StatisticsWindow(days, since, now, [.. levels.Select(level => Times(level, now, inWindow.Where(t => t.Level == level).ToList()))]);
    }

    private static LevelTimes Times(string level, long now, List<Ticket> tickets)
    {
        var accept = tickets.Where(t => t.AcceptTime is not null).Select(t => t.AcceptTime!.Value - t.CreateTime).ToList();
        var resolve = tickets.Where(t => t.CompleteTime is not null).Select(t => t.CompleteTime!.Value - t.CreateTime - t.PausedMsAt(now)).ToList();
        return new LevelTimes(level, tickets.Count, accept.Count, Mean(accept), resolve.Count, Mean(resolve));
    }

    private static long? Mean(List<long> values) => values.Count == 0 ? null : values.Sum() / values.Count;
}
