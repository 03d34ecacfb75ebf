namespace Coc.Server.Hosting;

/// <summary>The live events stream (<c>Coc:Events:*</c>).</summary>
public sealed class LiveEventOptions
{
    /// <summary>How often the instance reads the events table for new events (every instance does, so a change made on
    /// another instance sharing the database reaches this one's streams within about this long).</summary>
    public int PollMilliseconds { get; set; } = 200;

    /// <summary>A comment line on an idle stream this often, so proxies and clients see it is alive.</summary>
    public double KeepAliveSeconds { get; set; } = 15;

    /// <summary>How often events older than 24 h without a pending delivery are deleted.</summary>
    public double PruneIntervalMinutes { get; set; } = 60;
}
