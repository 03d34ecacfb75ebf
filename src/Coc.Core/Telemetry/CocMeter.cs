using System.Diagnostics.Metrics;

namespace Coc.Core.Telemetry;

/// <summary>
/// The service's one meter. Each feature has a small class that creates its instruments on it (<c>TicketMetrics</c>,
/// <c>StorageMetrics</c>, …); instrument names are OpenTelemetry's dotted ones, which the Prometheus exporter turns
/// into the names of outbound.md (dots to underscores, the unit as a suffix, <c>_total</c> on counters).
/// </summary>
public static class CocMeter
{
    public const string Name = "Coc.Incident";

    /// <summary>Histogram buckets, in seconds, for times a person takes (1 s to a week).</summary>
    public static readonly IReadOnlyList<double> HumanSeconds =
        [1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 604800];
}
