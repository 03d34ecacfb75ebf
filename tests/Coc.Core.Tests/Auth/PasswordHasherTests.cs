using Coc.Core.Auth;

namespace Coc.Core.Tests.Auth;

/// <summary>PBKDF2-SHA256 at OWASP's count, the count stored with the hash, and the unknown-user dummy.</summary>
public class PasswordHasherTests
{
    [Fact]
    public void The_default_count_is_OWASPs_600000()
    {
        Assert.Equal(600_000, PasswordHasher.RecommendedIterations);
        Assert.Equal(600_000, new PasswordHasher().Iterations);
    }

    [Fact]
    public void The_hash_carries_its_count_and_verifies_at_that_count()
    {
        var hasher = new PasswordHasher(1_000);
        var hash = hasher.Hash("correct horse");

        Assert.StartsWith("pbkdf2-sha256$1000$", hash);
        Assert.Equal(1_000, PasswordHasher.IterationsOf(hash));
        Assert.True(new PasswordHasher(2_000).Verify("correct horse", hash), "an older count must still verify");
        Assert.False(hasher.Verify("correct horsf", hash));
    }

    [Fact]
    public void Only_a_hash_below_the_configured_count_needs_a_rehash()
    {
        var hasher = new PasswordHasher(2_000);
        Assert.True(hasher.NeedsRehash(new PasswordHasher(1_000).Hash("p")));
        Assert.False(hasher.NeedsRehash(hasher.Hash("p")));
        Assert.False(hasher.NeedsRehash(new PasswordHasher(3_000).Hash("p")), "never downgraded");
    }

    [Fact]
    public void A_malformed_stored_hash_verifies_nothing()
    {
        var hasher = new PasswordHasher(1_000);
        Assert.False(hasher.Verify("p", "plain-text"));
        Assert.False(hasher.Verify("p", "pbkdf2-sha256$x$AAAA$AAAA"));
        Assert.False(hasher.Verify("p", "pbkdf2-sha256$1000$not base64!$AAAA"));
    }

    [Fact]
    public void The_dummy_verification_does_the_configured_work_and_never_succeeds()
    {
        var hasher = new CountingHasher(1_000);
        Assert.False(hasher.VerifyDummy("anything"));
        Assert.Equal([1_000], hasher.VerifiedCounts);
    }

    [Fact]
    public void A_count_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PasswordHasher(0));

    private sealed class CountingHasher(int iterations) : PasswordHasher(iterations)
    {
        public List<int> VerifiedCounts { get; } = [];

        public override bool Verify(string password, string stored)
        {
            VerifiedCounts.Add(IterationsOf(stored) ?? -1);
            return base.Verify(password, stored);
        }
    }
}
