using Coc.Core.Auth.Signing;

namespace Coc.Core.Tests.Signing;

public class ClockSkewTests
{
    [Theory]
    [MemberData(nameof(Fixtures.AllIds), MemberType = typeof(Fixtures))]
    public void Sixteen_minutes_either_way_is_expired(int id)
    {
        var row = Fixtures.Row(id);

        foreach (var skew in new[] { TimeSpan.FromMinutes(16), TimeSpan.FromMinutes(-16) })
        {
            var result = SignatureVerifier.Verify(row.ToRequest(), row.SecretFor, row.SignedAt + skew);

            Assert.Equal(SignatureStatus.Expired, result.Status);
            Assert.Equal(SigningMessages.SignatureExpired, result.Reason);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures.AllIds), MemberType = typeof(Fixtures))]
    public void Fourteen_minutes_either_way_still_verifies(int id)
    {
        var row = Fixtures.Row(id);

        foreach (var skew in new[] { TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(-14) })
        {
            var result = SignatureVerifier.Verify(row.ToRequest(), row.SecretFor, row.SignedAt + skew);

            Assert.Equal(SignatureStatus.Success, result.Status);
        }
    }

    [Theory]
    [InlineData(15 * 60, SignatureStatus.Success)]
    [InlineData(15 * 60 + 1, SignatureStatus.Expired)]
    [InlineData(-15 * 60, SignatureStatus.Success)]
    [InlineData(-15 * 60 - 1, SignatureStatus.Expired)]
    public void Fifteen_minutes_is_the_limit(int seconds, SignatureStatus expected)
    {
        var row = Fixtures.Row(1);

        var result = SignatureVerifier.Verify(row.ToRequest(), row.SecretFor, row.SignedAt.AddSeconds(seconds));

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public void Sdk_date_is_read_as_utc()
    {
        Assert.True(SdkDate.TryParse("20261122T213347Z", out var date));

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 21, 33, 47, TimeSpan.Zero), date);
        Assert.Equal("20261122T213347Z", SdkDate.ToHeaderValue(date.ToOffset(TimeSpan.FromHours(8))));
    }
}
