using System.Collections.Concurrent;
using System.Net;

namespace Coc.Server.Auth;

/// <summary>
/// Throttles password sign-ins (POST /v3/auth/tokens) so that guessing is slow without letting a stranger lock the
/// owner out: failures count per (user, address) with a doubling back-off, per address across users (one address
/// trying many users), and per user across addresses only as a brake on the addresses that already failed for that
/// user; an address with no recent failure for the user is always let through to try its password.
/// Per server instance, in memory, on the injectable clock. See docs/decisions.md, "Password sign-in".
/// </summary>
public sealed class PasswordSignInThrottle(TimeProvider clock)
{
    /// <summary>Failures of one user from one address before the back-off starts.</summary>
    public const int FreeFailuresPerPair = 5;
    public static readonly TimeSpan FirstBackOff = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxBackOff = TimeSpan.FromMinutes(15);
    /// <summary>The window of the address and user counts.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public const int FailuresPerAddress = 20;
    public const int FailuresPerUserBeforeBrake = 50;
    /// <summary>Above this many tracked entries, expired ones are dropped (bounds memory under a spray of names).</summary>
    private const int PruneAbove = 50_000;

    private readonly ConcurrentDictionary<(string User, string Address), PairState> _pairs = new();
    private readonly ConcurrentDictionary<string, WindowCount> _addresses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WindowCount> _users = new(StringComparer.Ordinal);

    private sealed record PairState(int Failures, DateTimeOffset LastFailure, DateTimeOffset BlockedUntil);

    private sealed record WindowCount(int Failures, DateTimeOffset Since);

    /// <summary>How long the caller must wait before trying, or null when the attempt may be checked.</summary>
    public TimeSpan? RetryAfter(string user, IPAddress? address)
    {
        var now = clock.GetUtcNow();
        var from = AddressKey(address);
        TimeSpan? wait = null;
        if (_pairs.TryGetValue((user, from), out var pair))
        {
            if (pair.BlockedUntil > now) wait = Longest(wait, pair.BlockedUntil - now);
            // The per-user brake holds back only addresses that failed for this user recently.
            if (now - pair.LastFailure < Window && Current(_users, user, now) is { Failures: >= FailuresPerUserBeforeBrake } u)
                wait = Longest(wait, u.Since + Window - now);
        }
        if (Current(_addresses, from, now) is { Failures: >= FailuresPerAddress } a) wait = Longest(wait, a.Since + Window - now);
        return wait;
    }

    public void RecordFailure(string user, IPAddress? address)
    {
        var now = clock.GetUtcNow();
        var from = AddressKey(address);
        if (_pairs.Count + _addresses.Count + _users.Count > PruneAbove) Prune(now);
        _pairs.AddOrUpdate((user, from), _ => new PairState(1, now, now), (_, p) =>
        {
            var failures = now - p.LastFailure < MaxBackOff + Window ? p.Failures + 1 : 1;
            return new PairState(failures, now, failures >= FreeFailuresPerPair ? now + BackOff(failures) : now);
        });
        Count(_addresses, from, now);
        Count(_users, user, now);
    }

    /// <summary>A correct password clears its own (user, address) record; the address and user counts run out with
    /// their window, so that one known account cannot be used to reset an address that sprays others.</summary>
    public void RecordSuccess(string user, IPAddress? address) => _pairs.TryRemove((user, AddressKey(address)), out _);

    private static TimeSpan BackOff(int failures)
    {
        var doublings = Math.Min(failures - FreeFailuresPerPair, 10);
        var backOff = FirstBackOff * Math.Pow(2, doublings);
        return backOff < MaxBackOff ? backOff : MaxBackOff;
    }

    private static void Count(ConcurrentDictionary<string, WindowCount> counts, string key, DateTimeOffset now) =>
        counts.AddOrUpdate(key, _ => new WindowCount(1, now),
            (_, c) => now - c.Since < Window ? c with { Failures = c.Failures + 1 } : new WindowCount(1, now));

    private static WindowCount? Current(ConcurrentDictionary<string, WindowCount> counts, string key, DateTimeOffset now) =>
        counts.TryGetValue(key, out var c) && now - c.Since < Window ? c : null;

    private static TimeSpan? Longest(TimeSpan? a, TimeSpan b) => a is { } x && x > b ? x : b;

    private static string AddressKey(IPAddress? address) => ClientAddress.KeyOf(address);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, p) in _pairs)
            if (p.BlockedUntil <= now && now - p.LastFailure >= MaxBackOff + Window) _pairs.TryRemove(key, out _);
        foreach (var counts in new[] { _addresses, _users })
            foreach (var (key, c) in counts)
                if (now - c.Since >= Window) counts.TryRemove(key, out _);
    }
}
