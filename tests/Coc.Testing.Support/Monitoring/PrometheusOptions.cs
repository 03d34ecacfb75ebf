namespace Coc.Testing.Support.Monitoring;

public sealed record PrometheusOptions
{
    /// <summary>The <c>job</c> label of the one target.</summary>
    public string JobName { get; init; } = "coc";

    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The binary; null: <c>$COC_TEST_PROMETHEUS</c>, else <c>/usr/bin/prometheus</c>.</summary>
    public string? BinaryPath { get; init; }

    /// <summary>The bound on starting and on each query.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);
}
