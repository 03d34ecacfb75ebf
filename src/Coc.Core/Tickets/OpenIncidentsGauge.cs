using System.Diagnostics;
using System.Diagnostics.Metrics;
using Coc.Core.Storage.Tickets;
using Microsoft.Extensions.Logging;

namespace Coc.Core.Tickets;

/// <summary>
/// <c>coc_incidents_open{status,level}</c>, an observable gauge read at each scrape. It is not counted from this
/// process's writes alone, since on PostgreSQL other instances write too: the counts come from an indexed grouped
/// query (<see cref="OpenTicketCounts"/>), read again when this process changed a ticket since the last read or the
/// last read is older than <see cref="MaxAge"/> (so other instances' changes show within that), and reused otherwise.
/// A status and level once reported is reported as 0 when no ticket is left in it, so its series ends at 0.
/// </summary>
public sealed class OpenIncidentsGauge
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly OpenTicketCounts _counts;
    private readonly TicketMetrics _changes;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Status, string Level), long> _last = [];
    private long _readAt;
    private long _changesAtRead = -1;

    public OpenIncidentsGauge(Meter meter, OpenTicketCounts counts, TicketMetrics changes, TimeProvider clock, ILogger log)
    {
        _counts = counts;
        _changes = changes;
        _clock = clock;
        _log = log;
        meter.CreateObservableGauge("coc.incidents.open", Observe, "{incident}", "Tickets not completed, by status and level");
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        lock (_gate)
        {
            if (IsStale()) Refresh();
            return _last.Select(p => new Measurement<long>(p.Value, new TagList { { "status", p.Key.Status }, { "level", p.Key.Level } })).ToList();
        }
    }

    private bool IsStale() => _changes.Changes != _changesAtRead || _clock.GetElapsedTime(_readAt) >= MaxAge;

    private void Refresh()
    {
        var changes = _changes.Changes; // taken before the read: a change committed during it makes the next scrape read again
        IReadOnlyList<OpenTicketCount> counts;
        try
        {
            using var timeout = new CancellationTokenSource(ReadTimeout);
            counts = _counts.ReadAsync(timeout.Token).GetAwaiter().GetResult(); // the exporter's callback is synchronous
        }
        catch (Exception e)
        {
            _log.LogWarning("The open-incidents gauge could not be read ({Error}: {Message}); the last counts are reported", e.GetType().Name, e.Message);
            return;
        }
        foreach (var key in _last.Keys) _last[key] = 0;
        foreach (var c in counts) _last[(c.Status, c.Level)] = c.Count;
        _readAt = _clock.GetTimestamp();
        _changesAtRead = changes;
    }
}
