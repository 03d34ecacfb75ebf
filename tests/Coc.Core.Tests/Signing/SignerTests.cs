using Coc.Core.Auth.Signing;

namespace Coc.Core.Tests.Signing;

public class SignerTests
{
    [Theory]
    [MemberData(nameof(Fixtures.AllIds), MemberType = typeof(Fixtures))]
    public void Signing_a_fixture_request_reproduces_its_authorization_header(int id)
    {
        var row = Fixtures.Row(id);
        var request = row.ToRequest().WithoutHeader("Authorization");

        var authorization = Signer.Sign(request, row.AccessKey, row.SecretKey, row.SignedAt, row.SignedHeaders);

        Assert.Equal(row.Authorization, authorization);
    }

    [Fact]
    public void By_default_every_header_but_authorization_is_signed_and_the_date_added()
    {
        var date = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        var request = new SignatureRequest("POST", "/v1/external/incident/create", "a=1",
            [new("Host", "example.test"), new("Content-Type", "application/json"), new("Authorization", "old")],
            "{}"u8.ToArray());

        var authorization = Signer.Sign(request, "AK", "SK", date);
        var sent = request
            .WithHeader("X-Sdk-Date", SdkDate.ToHeaderValue(date))
            .WithHeader("Authorization", authorization);

        Assert.True(AuthorizationHeader.TryParse(authorization, out var parsed, out _));
        Assert.Equal(["content-type", "host", "x-sdk-date"], parsed.SignedHeaders);
        Assert.Equal(SignatureStatus.Success, SignatureVerifier.Verify(sent, _ => "SK", date).Status);
    }

    [Fact]
    public void A_date_header_that_disagrees_with_the_date_to_sign_is_refused()
    {
        var row = Fixtures.Row(1);

        Assert.Throws<ArgumentException>(() =>
            Signer.Sign(row.ToRequest(), row.AccessKey, row.SecretKey, row.SignedAt.AddSeconds(1)));
    }
}
