using Coc.Core.Auth;

namespace Coc.Core.Tests.Auth;

public class PermissionsTests
{
    [Theory]
    [InlineData("coc:ticket:create", "coc:ticket:create", true)]
    [InlineData("coc:ticket:create", "coc:ticket:get", false)]
    [InlineData("coc:ticket:*", "coc:ticket:getOperationHistories", true)]
    [InlineData("coc:ticket:*", "coc:admin", false)]
    [InlineData("coc:*", "coc:admin", true)]
    [InlineData("coc:*", "coc:ticket:action", true)]
    [InlineData("coc:ticket", "coc:ticket:action", false)]
    [InlineData("coc:tick*", "coc:ticket:action", false)]
    public void A_permission_grants_exactly_what_it_names_or_its_wildcard_matches(string held, string action, bool granted) =>
        Assert.Equal(granted, Permissions.Grants([held], action));

    [Fact]
    public void Unknown_permission_names_are_refused_when_configured() =>
        Assert.Throws<ArgumentException>(() => Permissions.Parse("coc:ticket:create,coc:ticket:delete"));

    [Fact]
    public void Permission_lists_parse_comma_separated_with_spaces() =>
        Assert.Equal(["coc:ticket:get", "coc:*"], Permissions.Parse(" coc:ticket:get , coc:*"));
}

public class SecretsTests
{
    [Fact]
    public void A_password_hash_verifies_only_its_own_password()
    {
        var hasher = new PasswordHasher(1_000);
        var hash = hasher.Hash("correct horse");
        Assert.DoesNotContain("correct horse", hash);
        Assert.True(hasher.Verify("correct horse", hash));
        Assert.False(hasher.Verify("correct horsf", hash));
    }

    [Fact]
    public void The_same_password_hashes_differently_each_time() =>
        Assert.NotEqual(new PasswordHasher(1_000).Hash("p"), new PasswordHasher(1_000).Hash("p"));

    [Fact]
    public void Tokens_are_random_and_stored_only_as_their_hash()
    {
        var a = Secrets.NewToken();
        var b = Secrets.NewToken();
        Assert.NotEqual(a, b);
        Assert.Equal(64, Secrets.HashToken(a).Length);
        Assert.DoesNotContain(a, Secrets.HashToken(a));
    }
}
