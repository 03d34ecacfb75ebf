namespace Coc.Server.Hosting;

/// <summary>Settings under <c>Coc:Webhooks:</c> (outbound.md, Delivery).</summary>
public sealed class WebhookOptions
{
    /// <summary>Loopback, private and link-local receivers are refused unless this is true (or in emulator mode).</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Whether this instance sends deliveries (every instance may; each delivery is claimed by one).</summary>
    public bool Dispatch { get; set; } = true;

    /// <summary>How long a claimed delivery is this instance's before another may take it (it must outlast the 10 s timeout).</summary>
    public double ClaimLeaseSeconds { get; set; } = 60;

    /// <summary>At most this share of the time is spent sending while there is a backlog (0.05 to 1): deliveries catch up
    /// beside the requests rather than taking the CPU from them.</summary>
    public double DispatchShare { get; set; } = 0.2;

    /// <summary>How often an idle dispatcher looks for due deliveries.</summary>
    public int PollMilliseconds { get; set; } = 200;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RotationGrace = TimeSpan.FromHours(24);
}
