using Coc.Core.Auth.Signing;

namespace Coc.Core.Tests.Signing;

/// <summary>Host and X-Sdk-Date are always signed; the tenancy headers whenever the request carries them.</summary>
public class RequiredSignedHeadersTests
{
    private static readonly DateTimeOffset Date = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static SignatureRequest Request(params (string Name, string Value)[] extra) =>
        new("GET", "/v1/incident-tickets", "",
            [new("Host", "example.test"), new(SdkSigning.DateHeader, SdkDate.ToHeaderValue(Date)), .. extra.Select(h => KeyValuePair.Create(h.Name, h.Value))],
            default);

    private static SignatureVerificationResult SignAndVerify(SignatureRequest request, params string[] signedHeaders) =>
        SignatureVerifier.Verify(
            request.WithHeader("Authorization", Signer.Sign(request, "AK", "SK", Date, signedHeaders)), _ => "SK", Date);

    [Fact]
    public void A_signature_over_the_date_alone_is_refused_naming_host()
    {
        var result = SignAndVerify(Request(), "x-sdk-date");

        Assert.Equal(SignatureStatus.RequiredHeaderNotSigned, result.Status);
        Assert.Contains("'host'", result.Reason);
    }

    [Fact]
    public void A_signature_without_the_date_is_refused_naming_x_sdk_date()
    {
        var result = SignAndVerify(Request(), "host");

        Assert.Equal(SignatureStatus.RequiredHeaderNotSigned, result.Status);
        Assert.Contains("'x-sdk-date'", result.Reason);
    }

    [Theory]
    [InlineData("X-Project-Id", "0123456789abcdef0123456789abcdef")]
    [InlineData("X-Domain-Id", "d0m41n1d")]
    [InlineData("X-Security-Token", "TOKEN/abc+def==")]
    public void A_tenancy_header_added_after_signing_is_refused_naming_it(string header, string value)
    {
        var result = SignAndVerify(Request((header, value)), "host", "x-sdk-date");

        Assert.Equal(SignatureStatus.RequiredHeaderNotSigned, result.Status);
        Assert.Contains($"'{header.ToLowerInvariant()}'", result.Reason);
        Assert.DoesNotContain(value, result.Reason);
    }

    [Theory]
    [InlineData("X-Project-Id", "0123456789abcdef0123456789abcdef")]
    [InlineData("X-Domain-Id", "d0m41n1d")]
    [InlineData("X-Security-Token", "TOKEN/abc+def==")]
    public void A_tenancy_header_that_is_signed_verifies(string header, string value)
    {
        var result = SignAndVerify(Request((header, value)), "host", "x-sdk-date", header);

        Assert.Equal(SignatureStatus.Success, result.Status);
    }

    [Fact]
    public void Host_and_date_signed_without_tenancy_headers_verify()
    {
        Assert.Equal(SignatureStatus.Success, SignAndVerify(Request(), "host", "x-sdk-date").Status);
    }

    [Theory]
    [MemberData(nameof(Fixtures.AllIds), MemberType = typeof(Fixtures))]
    public void Every_fixture_row_signs_the_required_headers(int id)
    {
        var row = Fixtures.Row(id);

        Assert.Contains("host", row.SignedHeaders);
        Assert.Contains("x-sdk-date", row.SignedHeaders);
        foreach (var tenancy in new[] { "X-Project-Id", "X-Domain-Id", "X-Security-Token" })
        {
            if (row.Headers.Any(h => h.Key.Equals(tenancy, StringComparison.OrdinalIgnoreCase)))
                Assert.Contains(tenancy.ToLowerInvariant(), row.SignedHeaders);
        }
    }
}
