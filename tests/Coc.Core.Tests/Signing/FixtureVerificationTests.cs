using Coc.Core.Auth.Signing;

namespace Coc.Core.Tests.Signing;

public class FixtureVerificationTests
{
    [Theory]
    [MemberData(nameof(Fixtures.AllIds), MemberType = typeof(Fixtures))]
    public void Every_sdk_signed_request_verifies(int id)
    {
        var row = Fixtures.Row(id);

        var result = SignatureVerifier.Verify(row.ToRequest(), row.SecretFor, row.SignedAt);

        Assert.True(row.SignatureValid);
        Assert.Equal(SignatureStatus.Success, result.Status);
        Assert.Equal(row.AccessKey, result.AccessKey);
        Assert.Equal(row.SignedHeaders, result.SignedHeaders);
        Assert.Null(result.CanonicalRequest);
    }

    [Fact]
    public void Fixture_file_holds_the_23_documented_rows()
    {
        Assert.Equal(Enumerable.Range(1, 23), Fixtures.Rows.Select(r => r.Id));
    }

    [Fact]
    public void One_pinned_clock_serves_rows_1_to_8()
    {
        var now = new DateTimeOffset(2026, 11, 22, 21, 40, 0, TimeSpan.Zero);

        var results = Fixtures.Rows.Where(r => r.Id <= 8)
            .Select(r => SignatureVerifier.Verify(r.ToRequest(), r.SecretFor, now).Status);

        Assert.All(results, status => Assert.Equal(SignatureStatus.Success, status));
    }

    [Theory]
    [MemberData(nameof(Fixtures.AllIds), MemberType = typeof(Fixtures))]
    public void Unsigned_headers_may_change(int id)
    {
        var row = Fixtures.Row(id);
        var request = row.ToRequest()
            .WithHeader("Accept", "application/xml")
            .WithHeader("Connection", "close")
            .WithHeader("Accept-Encoding", "identity")
            .WithHeader("X-Added-By-Proxy", "1");

        var result = SignatureVerifier.Verify(request, row.SecretFor, row.SignedAt);

        Assert.DoesNotContain("accept", row.SignedHeaders);
        Assert.Equal(SignatureStatus.Success, result.Status);
    }

    [Theory]
    [MemberData(nameof(Fixtures.AllIds), MemberType = typeof(Fixtures))]
    public void Unknown_access_key_is_reported_as_such(int id)
    {
        var row = Fixtures.Row(id);

        var result = SignatureVerifier.Verify(row.ToRequest(), _ => null, row.SignedAt);

        Assert.Equal(SignatureStatus.UnknownAccessKey, result.Status);
        Assert.Equal(row.AccessKey, result.AccessKey);
    }

    [Theory]
    [MemberData(nameof(Fixtures.SignedHeaderCases), MemberType = typeof(Fixtures))]
    public void A_missing_signed_header_is_reported(int id, string header)
    {
        var row = Fixtures.Row(id);

        var result = SignatureVerifier.Verify(row.ToRequest().WithoutHeader(header), row.SecretFor, row.SignedAt);

        Assert.Equal(SignatureStatus.MissingSignedHeader, result.Status);
        Assert.Contains(header, result.Reason);
    }

    [Fact]
    public void A_request_without_authorization_is_reported()
    {
        var row = Fixtures.Row(1);

        var result = SignatureVerifier.Verify(row.ToRequest().WithoutHeader("Authorization"), row.SecretFor, row.SignedAt);

        Assert.Equal(SignatureStatus.MissingAuthorization, result.Status);
        Assert.False(result.Succeeded);
    }

    [Theory]
    [InlineData("2026-11-22T21:33:47Z")]
    [InlineData("20261122T213347")]
    [InlineData("20261322T213347Z")]
    [InlineData("")]
    public void A_malformed_date_is_reported(string date)
    {
        var row = Fixtures.Row(1);

        var result = SignatureVerifier.Verify(row.ToRequest().WithHeader("X-Sdk-Date", date), row.SecretFor, row.SignedAt);

        Assert.Equal(SignatureStatus.DateMissingOrMalformed, result.Status);
    }

    [Fact]
    public void A_missing_date_is_reported_when_it_was_not_signed()
    {
        var date = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        var request = new SignatureRequest("GET", "/v1/x", "", [new("Host", "h")], default);
        var authorization = Signer.Sign(request, "AK", "SK", date, ["host"]);

        var result = SignatureVerifier.Verify(request.WithHeader("Authorization", authorization), _ => "SK", date);

        Assert.Equal(SignatureStatus.DateMissingOrMalformed, result.Status);
    }

    [Fact]
    public void A_mismatch_reports_the_canonical_request_and_string_to_sign()
    {
        var row = Fixtures.Row(6);
        var expectedCanonical =
            "GET\n" +
            "/v1/incident-tickets/\n" +
            "limit=10&offset=1\n" +
            "content-type:application/json\n" +
            "host:127.0.0.1:18080\n" +
            $"user-agent:{row.Header("User-Agent")}\n" +
            "x-project-id:0123456789abcdef0123456789abcdef\n" +
            "x-sdk-date:20261122T213347Z\n" +
            "\n" +
            "content-type;host;user-agent;x-project-id;x-sdk-date\n" +
            PayloadHash.EmptySha256;

        var result = SignatureVerifier.Verify(row.ToRequest(), _ => "wrong", row.SignedAt);

        Assert.Equal(SignatureStatus.SignatureMismatch, result.Status);
        Assert.Equal(SigningMessages.SignatureMismatch, result.Reason);
        Assert.Equal(expectedCanonical, result.CanonicalRequest);
        Assert.StartsWith("SDK-HMAC-SHA256\n20261122T213347Z\n", result.StringToSign);
        Assert.Matches("\n[0-9a-f]{64}$", result.StringToSign);
    }
}
