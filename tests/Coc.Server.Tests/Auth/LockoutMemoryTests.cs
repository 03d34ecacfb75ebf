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

    /// <summary>SECURITY.md: an IPv4 client is one pair whether it arrives as a.b.c.d or as ::ffff:a.b.c.d (a dual-stack
    /// listener), as the password sign-in throttle counts it.</summary>
    [Fact]
    public void An_IPv4_client_is_one_pair_in_either_form()
    {
        var lockout = new AccessKeyLockout(new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<AccessKeyLockout>.Instance);
        var plain = IPAddress.Parse("192.0.2.7");
        var mapped = plain.MapToIPv6();

        for (var i = 0; i < AccessKeyLockout.MaxConsecutiveFailures; i++) lockout.RecordFailure("VICTIMAK", plain);
        Assert.True(lockout.RecordFailure("VICTIMAK", mapped), "the sixth failure, from the mapped form, did not lock");

        Assert.True(lockout.IsLocked("VICTIMAK", plain));
        lockout.RecordSuccess("VICTIMAK", mapped);
        Assert.False(lockout.IsLocked("VICTIMAK", plain));
        Assert.Equal(0, lockout.TrackedPairs);
    }
}
