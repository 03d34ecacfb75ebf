namespace Coc.Core.Webhooks;

/// <summary>When a failed delivery is tried again (outbound.md, Delivery): ~5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h,
/// each ± 20%, about a day and a half in all; after the eighth attempt the event is <c>failed</c>.</summary>
public static class RetrySchedule
{
    public static readonly IReadOnlyList<TimeSpan> Delays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    public const double Jitter = 0.2;

    public static int MaxAttempts => Delays.Count + 1;

    /// <summary>A subscription whose deliveries have failed this long without a success is disabled.</summary>
    public static readonly TimeSpan DisableAfter = TimeSpan.FromDays(5);

    /// <summary>The wait after the <paramref name="attemptsMade"/>-th failed attempt, or null when it was the last.</summary>
    public static TimeSpan? After(int attemptsMade, Random random)
    {
        if (attemptsMade < 1 || attemptsMade > Delays.Count) return null;
        var factor = 1 + Jitter * (2 * random.NextDouble() - 1);
        return Delays[attemptsMade - 1] * factor;
    }
}
