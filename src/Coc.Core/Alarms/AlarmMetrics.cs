using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Coc.Core.Alarms;

/// <summary>
/// <c>coc_alarms_received_total{integration_type,outcome}</c>: each alert of an Alertmanager payload and each custom
/// event, by what it did once its payload committed — <c>created</c> (a new alarm), <c>converged</c> (a repeat of an
/// alarming one), <c>resolved</c>, <c>ignored</c> (a resolution of no alarming alarm) — and each payload refused before
/// it was applied (<c>rejected</c>: key, JSON or shape; its alerts are not counted one by one).
/// </summary>
public sealed class AlarmMetrics(Meter meter)
{
    public const string Created = "created";
    public const string Converged = "converged";
    public const string Resolved = "resolved";
    public const string Ignored = "ignored";
    public const string Rejected = "rejected";

    private readonly Counter<long> _received = meter.CreateCounter<long>("coc.alarms.received", "{alarm}",
        "Alarm events received, by integration type and outcome: created, converged, resolved, ignored; rejected counts refused payloads");

    public void Received(string integrationType, string outcome, long count = 1)
    {
        if (count > 0) _received.Add(count, new TagList { { "integration_type", TypeLabel(integrationType) }, { "outcome", outcome } });
    }

    private static string TypeLabel(string type) => type == IntegrationTypes.Custom ? IntegrationTypes.Custom : IntegrationTypes.Prometheus;
}

/// <summary>What one payload's alerts did (per attempt of its write).</summary>
internal sealed class ReceivedCounts
{
    public long Created, Converged, Resolved, Ignored;

    public void RecordOn(AlarmMetrics? metrics, string integrationType)
    {
        if (metrics is null) return;
        metrics.Received(integrationType, AlarmMetrics.Created, Created);
        metrics.Received(integrationType, AlarmMetrics.Converged, Converged);
        metrics.Received(integrationType, AlarmMetrics.Resolved, Resolved);
        metrics.Received(integrationType, AlarmMetrics.Ignored, Ignored);
    }
}
