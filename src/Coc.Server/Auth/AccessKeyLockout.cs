using System.Collections.Concurrent;

namespace Coc.Server.Auth;

/// <summary>
/// Locks an AK for 5 minutes once its verifications fail more than five times in a row (auth.md step 5).
/// Per server instance, per AK (one tenant's attacker cannot lock out another), on the injectable clock.
/// </summary>
public sealed class AccessKeyLockout(TimeProvider clock)
{
    public const int MaxConsecutiveFailures = 5;
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);

    private sealed record State(int Failures, DateTimeOffset? LockedUntil);

    public bool IsLocked(string accessKey) =>
        _states.TryGetValue(accessKey, out var s) && s.LockedUntil is { } until && clock.GetUtcNow() < until;

    public void RecordFailure(string accessKey) =>
        _states.AddOrUpdate(accessKey, _ => new State(1, null), (_, s) =>
        {
            if (s.LockedUntil is { } until && clock.GetUtcNow() >= until) s = new State(0, null);
            var failures = s.Failures + 1;
            return new State(failures, failures > MaxConsecutiveFailures ? clock.GetUtcNow() + LockDuration : s.LockedUntil);
        });

    public void RecordSuccess(string accessKey) => _states.TryRemove(accessKey, out _);
}
