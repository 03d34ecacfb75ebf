namespace Coc.Testing.Support.Monitoring;

/// <summary>The route and receiver of the Alertmanager a test starts. The defaults are short so that a test sees the
/// first notification about <see cref="GroupWait"/> after the first alert and a group's changes every
/// <see cref="GroupInterval"/>; re-sends of an unchanged group come only after <see cref="RepeatInterval"/>.</summary>
public sealed record AlertmanagerOptions
{
    public IReadOnlyList<string> GroupBy { get; init; } = ["alertname"];
    public TimeSpan GroupWait { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan GroupInterval { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan RepeatInterval { get; init; } = TimeSpan.FromHours(1);
    public bool SendResolved { get; init; } = true;

    /// <summary>At most this many alerts per notification (Alertmanager counts the rest in <c>truncatedAlerts</c>); 0 = all.</summary>
    public int MaxAlerts { get; init; }

    /// <summary>The binary; null: <c>$COC_TEST_ALERTMANAGER</c>, else <c>/usr/bin/prometheus-alertmanager</c>.</summary>
    public string? BinaryPath { get; init; }

    /// <summary>The bound on starting and on each API call.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);
}
