namespace Coc.Server.Hosting;

/// <summary>Settings under <c>Coc:Metrics:</c>.</summary>
public sealed class MetricsOptions
{
    /// <summary>Serve <c>GET /metrics</c> (Prometheus text). Off: no exporter listens, and recording costs nothing.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Only a signed or token-authenticated caller holding <c>coc:admin</c> may scrape.</summary>
    public bool RequireAuth { get; set; }
}
