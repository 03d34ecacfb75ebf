using System.Net;
using Coc.Server.Auth;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coc.Server.Tests.Auth;

/// <summary>The lockout tracks a bounded number of (AK, address) pairs, so an attacker cycling addresses cannot exhaust memory.</summary>
public sealed class LockoutMemoryTests
{
    private static IPAddress Address(int i) => new([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]);

    [Fact]
    public void Failures_from_ever_new_addresses_stay_within_the_bound()
    {
        var lockout = new AccessKeyLockout(new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<AccessKeyLockout>.Instance, maxTrackedPairs: 100);

        for (var i = 0; i < 5_000; i++) lockout.RecordFailure("VICTIMAK", Address(i));

        Assert.InRange(lockout.TrackedPairs, 1, 100);
    }

    [Fact]
    public void A_locked_pair_outlives_the_unlocked_ones_when_the_table_is_full()
    {
        var lockout = new AccessKeyLockout(new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<AccessKeyLockout>.Instance, maxTrackedPairs: 100);
        var guesser = IPAddress.Parse("192.0.2.7");
        for (var i = 0; i <= AccessKeyLockout.MaxConsecutiveFailures; i++) lockout.RecordFailure("VICTIMAK", guesser);
        Assert.True(lockout.IsLocked("VICTIMAK", guesser));

        for (var i = 0; i < 5_000; i++) lockout.RecordFailure("VICTIMAK", Address(i));

        Assert.True(lockout.IsLocked("VICTIMAK", guesser));
        // A full table still tracks a new guesser: the newest address locks after its own six failures.
        for (var i = 1; i <= AccessKeyLockout.MaxConsecutiveFailures; i++) lockout.RecordFailure("VICTIMAK", Address(4_999));
        Assert.True(lockout.IsLocked("VICTIMAK", Address(4_999)));
        Assert.InRange(lockout.TrackedPairs, 1, 100);
    }
}
