using System.Diagnostics;
using System.Diagnostics.Metrics;
using Coc.Core.Telemetry;

namespace Coc.Core.Tickets;

/// <summary>
/// <c>coc_incidents_created_total{level,type}</c>, <c>coc_incident_operations_total{operate_key,outcome}</c> and the
/// MTTA / MTTR histograms <c>coc_incident_time_to_accept_seconds</c> and <c>coc_incident_time_to_resolve_seconds</c>
/// by level. Recorded by <see cref="TicketService"/> once a write committed (or a request failed); tags are
/// <see cref="TagList"/> structs, so recording allocates nothing.
/// </summary>
public sealed class TicketMetrics(Meter meter)
{
    /// <summary>The operate_key of a request whose key is not a workflow operation (bounded label values).</summary>
    public const string OtherOperation = "other";

    private readonly Counter<long> _created = meter.CreateCounter<long>("coc.incidents.created", "{incident}", "Tickets created");
    private readonly Counter<long> _operations = meter.CreateCounter<long>("coc.incident.operations", "{operation}",
        "Workflow operations requested, by outcome: applied, replayed (idempotent repeat), refused, conflict, failed, cancelled");
    private readonly Histogram<double> _toAccept = meter.CreateHistogram<double>("coc.incident.time_to_accept", "s",
        "From a ticket's creation to its first accept (MTTA)", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = CocMeter.HumanSeconds });
    private readonly Histogram<double> _toResolve = meter.CreateHistogram<double>("coc.incident.time_to_resolve", "s",
        "From a ticket's creation to its first submitted solution, paused time excluded (MTTR)", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = CocMeter.HumanSeconds });

    private long _changes;

    /// <summary>Ticket writes this process committed: the open-ticket gauge reads again after one.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    public void Created(Ticket ticket)
    {
        Interlocked.Increment(ref _changes);
        _created.Add(1, new TagList { { "level", ticket.Level }, { "type", ticket.Type } });
    }

    /// <summary>An operation committed: <paramref name="before"/> became <paramref name="after"/>.</summary>
    public void Applied(string operateKey, Ticket before, Ticket after)
    {
        Interlocked.Increment(ref _changes);
        var level = new TagList { { "level", after.Level } };
        if (before.AcceptTime is null && after.AcceptTime is { } accepted)
            _toAccept.Record((accepted - after.CreateTime) / 1000.0, level);
        if (before.HandleTime is null && after.HandleTime is { } solved)
            _toResolve.Record((solved - after.CreateTime - after.PausedMs) / 1000.0, level);
    }

    public void Operation(string operateKey, string outcome) =>
        _operations.Add(1, new TagList { { "operate_key", LabelOf(operateKey) }, { "outcome", outcome } });

    private static string LabelOf(string operateKey)
    {
        var known = OperateKeys.All;
        for (var i = 0; i < known.Count; i++)
            if (known[i] == operateKey) return known[i];
        return OtherOperation;
    }
}
