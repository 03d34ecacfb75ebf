using System.Collections.Concurrent;
using System.Net;

namespace Coc.Server.Auth;

/// <summary>
/// Counts failed verifications per (AK, client address) and locks a pair for 5 minutes at its 6th failure in a row
/// (auth.md step 5 as changed by docs/decisions.md, "Signature coverage and the lockout"). The AK travels in clear,
/// so the lock only ever changes how that pair's failures are answered: a request whose signature verifies is
/// never refused, and clears its pair. While locked, failures neither count nor extend the lock. Per server
/// instance, on the injectable clock, with at most <c>maxTrackedPairs</c> pairs in memory.
/// </summary>
public sealed class AccessKeyLockout(TimeProvider clock, ILogger<AccessKeyLockout> logger, int maxTrackedPairs = AccessKeyLockout.DefaultMaxTrackedPairs)
{
    public const int MaxConsecutiveFailures = 5;
    public const int DefaultMaxTrackedPairs = 10_000;
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<Pair, State> _states = new();
    private readonly Lock _writing = new();

    private readonly record struct Pair(string AccessKey, string Address)
    {
        public Pair(string accessKey, IPAddress? address) : this(accessKey, ClientAddress.KeyOf(address)) { }
    }

    private sealed record State(int Failures, DateTimeOffset LastFailure, DateTimeOffset? LockedUntil)
    {
        public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && now < until;
    }

    public int TrackedPairs => _states.Count;

    public bool IsLocked(string accessKey, IPAddress? address) =>
        _states.TryGetValue(new Pair(accessKey, address), out var s) && s.IsLockedAt(clock.GetUtcNow());

    /// <summary>Counts one failure of the pair; true when it locked the pair (then one warning is logged).</summary>
    public bool RecordFailure(string accessKey, IPAddress? address)
    {
        var pair = new Pair(accessKey, address);
        lock (_writing)
        {
            var now = clock.GetUtcNow();
            _states.TryGetValue(pair, out var state);
            if (state is not null && state.IsLockedAt(now)) return false;
            if (state is null && _states.Count >= maxTrackedPairs) MakeRoom(now);
            var failures = state is null || state.LockedUntil is not null ? 1 : state.Failures + 1;
            var locks = failures > MaxConsecutiveFailures;
            _states[pair] = new State(failures, now, locks ? now + LockDuration : null);
            if (locks)
                logger.LogWarning("AK access failed to reach the limit: access key {AccessKey} from {ClientAddress} is locked for {Minutes} minutes after {Failures} failed verifications in a row; its correctly signed requests still pass",
                    accessKey, pair.Address, LockDuration.TotalMinutes, failures);
            return locks;
        }
    }

    public void RecordSuccess(string accessKey, IPAddress? address)
    {
        if (!_states.IsEmpty) _states.TryRemove(new Pair(accessKey, address), out _);
    }

    // Expired locks go first, then the unlocked pairs whose last failure is oldest (a tenth of the table at once,
    // so a full table is not scanned on every new pair), and only if every pair is locked, the locks ending soonest.
    private void MakeRoom(DateTimeOffset now)
    {
        foreach (var (pair, state) in _states)
            if (state.LockedUntil is { } until && now >= until) _states.TryRemove(pair, out _);
        if (_states.Count < maxTrackedPairs) return;
        var victims = _states
            .OrderBy(e => e.Value.IsLockedAt(now))
            .ThenBy(e => e.Value.LockedUntil ?? e.Value.LastFailure)
            .Take(Math.Max(1, maxTrackedPairs / 10))
            .Select(e => e.Key)
            .ToList();
        foreach (var pair in victims) _states.TryRemove(pair, out _);
    }
}
