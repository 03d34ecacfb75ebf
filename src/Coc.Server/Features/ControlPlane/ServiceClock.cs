namespace Coc.Server.Features.ControlPlane;

/// <summary>
/// The service's one clock (registered as its <see cref="TimeProvider"/>): the system clock plus an offset that
/// <c>POST /_coc/clock</c> moves (control.md). Pause ends, SLA timers, token expiry and idempotency windows read it.
/// Timers and timestamps stay the base clock's: an offset moves "now", not the pace of time.
/// </summary>
public sealed class ServiceClock(TimeProvider baseClock) : TimeProvider
{
    private long _offsetMs;

    public long OffsetMs => Interlocked.Read(ref _offsetMs);

    /// <summary>The time without the offset: what callers' clocks read (signatures are dated by it).</summary>
    public DateTimeOffset WallClockNow => baseClock.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => baseClock.GetUtcNow().AddMilliseconds(OffsetMs);

    public override TimeZoneInfo LocalTimeZone => baseClock.LocalTimeZone;

    public override long TimestampFrequency => baseClock.TimestampFrequency;

    public override long GetTimestamp() => baseClock.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        baseClock.CreateTimer(callback, state, dueTime, period);

    /// <summary>Makes "now" read <paramref name="nowMs"/> (the caller has checked it against the stored times).</summary>
    public void SetNow(long nowMs) => Interlocked.Exchange(ref _offsetMs, nowMs - baseClock.GetUtcNow().ToUnixTimeMilliseconds());

    public void ResetOffset() => Interlocked.Exchange(ref _offsetMs, 0);

    /// <summary>The wall-clock time of a clock that is perhaps a <see cref="ServiceClock"/> (signature date windows).</summary>
    public static DateTimeOffset WallClockOf(TimeProvider clock) => clock is ServiceClock s ? s.WallClockNow : clock.GetUtcNow();
}
