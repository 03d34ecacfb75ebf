using Coc.Core.Auth.Signing;

namespace Coc.Core.Tests.Signing;

public class AuthorizationHeaderTests
{
    private const string Hex64 = "7a74911feb40fb7bd53cd457a65f916d6707ece5c86ba29888694e4ac9a0e247";

    public static TheoryData<string> Malformed =>
    [
        "Bearer abc",
        "sdk-hmac-sha256 Access=A, SignedHeaders=host, Signature=" + Hex64,
        "SDK-HMAC-SHA256",
        "SDK-HMAC-SHA256 ",
        "SDK-HMAC-SHA256 Access=A, SignedHeaders=host",
        "SDK-HMAC-SHA256 SignedHeaders=host, Signature=" + Hex64,
        "SDK-HMAC-SHA256 Access=A, Signature=" + Hex64,
        "SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=" + Hex64,
        "SDK-HMAC-SHA256 Access=A, SignedHeaders=, Signature=" + Hex64,
        "SDK-HMAC-SHA256 Access=A, SignedHeaders=host;;x-sdk-date, Signature=" + Hex64,
        "SDK-HMAC-SHA256 Access=A, SignedHeaders=host;Host, Signature=" + Hex64,
        "SDK-HMAC-SHA256 Access=A, SignedHeaders=ho st, Signature=" + Hex64,
        "SDK-HMAC-SHA256 Access=A, SignedHeaders=host, Signature=" + Hex64[..63],
        "SDK-HMAC-SHA256 Access=A, SignedHeaders=host, Signature=" + Hex64 + "0",
        "SDK-HMAC-SHA256 Access=A, SignedHeaders=host, Signature=" + Hex64[..63] + "g",
        "SDK-HMAC-SHA256 Access=A, Access=B, SignedHeaders=host, Signature=" + Hex64,
        "SDK-HMAC-SHA256 Access=A, SignedHeaders=host, Signature=" + Hex64 + ", Extra=1",
        "SDK-HMAC-SHA256 Access=A SignedHeaders=host Signature=" + Hex64,
    ];

    [Fact]
    public void A_fixture_header_parses_into_its_three_fields()
    {
        var row = Fixtures.Row(1);

        Assert.True(AuthorizationHeader.TryParse(row.Authorization, out var header, out var error));

        Assert.Null(error);
        Assert.Equal("TESTAK1234567890", header.AccessKey);
        Assert.Equal(["content-type", "host", "user-agent", "x-project-id", "x-sdk-date"], header.SignedHeaders);
        Assert.Equal(Hex64, header.Signature);
        Assert.Equal(row.Authorization, header.ToString());
    }

    [Fact]
    public void Signed_header_names_are_lower_cased_and_sorted()
    {
        Assert.True(AuthorizationHeader.TryParse(
            $"SDK-HMAC-SHA256 Access=A, SignedHeaders=X-Sdk-Date;Host, Signature={Hex64}", out var header, out _));

        Assert.Equal(["host", "x-sdk-date"], header.SignedHeaders);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_headers_do_not_parse(string value)
    {
        Assert.False(AuthorizationHeader.TryParse(value, out var header, out var error));

        Assert.Null(header);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_headers_are_rejected_as_malformed(string value)
    {
        var row = Fixtures.Row(1);

        var result = SignatureVerifier.Verify(row.ToRequest().WithHeader("Authorization", value), row.SecretFor, row.SignedAt);

        Assert.Equal(SignatureStatus.Malformed, result.Status);
        Assert.NotNull(result.Reason);
    }
}
