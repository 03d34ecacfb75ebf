using System.Diagnostics;
using System.Diagnostics.Metrics;
using Coc.Core.Storage.Outbox;

namespace Coc.Server.Features.Webhooks;

/// <summary>
/// <c>coc_webhook_deliveries_total{outcome}</c>: each delivery attempt by its outcome (delivered, retrying, failed,
/// gone: <see cref="AttemptOutcomes"/>), and <c>coc_webhook_delivery_duration_seconds</c>: how long each attempt that
/// was sent took, from the request to the answer's headers (or the timeout).
/// </summary>
public sealed class WebhookMetrics(Meter meter)
{
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> _deliveries = meter.CreateCounter<long>("coc.webhook.deliveries", "{delivery}",
        "Webhook delivery attempts, by outcome: delivered, retrying, failed (no retry left), gone (410)");
    private readonly Histogram<double> _duration = meter.CreateHistogram<double>("coc.webhook.delivery.duration", "s",
        "Time of one webhook delivery attempt, from sending to the receiver's answer", tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });

    /// <param name="durationMs">null when nothing was sent (the event could not be rendered).</param>
    public void Attempted(string outcome, long? durationMs)
    {
        _deliveries.Add(1, new TagList { { "outcome", outcome } });
        if (durationMs is { } ms) _duration.Record(ms / 1000.0);
    }
}
