using System.Security.Cryptography;
using System.Text;
using Coc.Core.Auth.Signing;

namespace Coc.Core.Tests.Signing;

public class PayloadHashTests
{
    private static readonly DateTimeOffset Date = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] SignedHeaders = ["host", "x-sdk-content-sha256", "x-sdk-date"];

    [Fact]
    public void Row_8_multipart_upload_signs_the_literal_unsigned_payload()
    {
        var request = Fixtures.Row(8).ToRequest();

        Assert.False(request.Body.IsEmpty);
        Assert.Equal([SdkSigning.UnsignedPayload], PayloadHash.Candidates(request));
    }

    [Fact]
    public void Without_the_header_the_body_is_hashed()
    {
        var row = Fixtures.Row(1);

        Assert.Equal([Convert.ToHexStringLower(SHA256.HashData(row.Body))], PayloadHash.Candidates(row.ToRequest()));
        Assert.Equal([PayloadHash.EmptySha256], PayloadHash.Candidates(Fixtures.Row(2).ToRequest()));
    }

    [Fact]
    public void Empty_body_with_header_accepts_the_go_sdk_header_value()
    {
        var request = EmptyBodyRequest();

        var signed = request.WithHeader("Authorization", SignWithPayloadHash(request, SdkSigning.UnsignedPayload));

        Assert.Equal(SignatureStatus.Success, SignatureVerifier.Verify(signed, _ => "SK", Date).Status);
    }

    [Fact]
    public void Empty_body_with_header_accepts_the_python_sdk_empty_hash()
    {
        var request = EmptyBodyRequest();

        var signed = request.WithHeader("Authorization", SignWithPayloadHash(request, PayloadHash.EmptySha256));

        Assert.Equal(SignatureStatus.Success, SignatureVerifier.Verify(signed, _ => "SK", Date).Status);
    }

    [Fact]
    public void Empty_body_with_header_rejects_any_other_hash()
    {
        var request = EmptyBodyRequest();

        var signed = request.WithHeader("Authorization", SignWithPayloadHash(request, PayloadHash.Of("x"u8)));

        Assert.Equal(SignatureStatus.SignatureMismatch, SignatureVerifier.Verify(signed, _ => "SK", Date).Status);
    }

    [Fact]
    public void With_a_body_and_the_header_only_the_header_value_is_accepted()
    {
        var request = EmptyBodyRequest() with { Body = "{}"u8.ToArray() };

        var bodyHashed = request.WithHeader("Authorization", SignWithPayloadHash(request, PayloadHash.Of("{}"u8)));
        var literal = request.WithHeader("Authorization", SignWithPayloadHash(request, SdkSigning.UnsignedPayload));

        Assert.Equal(SignatureStatus.SignatureMismatch, SignatureVerifier.Verify(bodyHashed, _ => "SK", Date).Status);
        Assert.Equal(SignatureStatus.Success, SignatureVerifier.Verify(literal, _ => "SK", Date).Status);
    }

    private static SignatureRequest EmptyBodyRequest() =>
        new("GET", "/v1/x", "",
            [new("Host", "h"), new("X-Sdk-Date", SdkDate.ToHeaderValue(Date)), new(SdkSigning.ContentSha256Header, SdkSigning.UnsignedPayload)],
            default);

    // Signs by hand from the public building blocks, to choose the payload hash an SDK would use.
    private static string SignWithPayloadHash(SignatureRequest request, string payloadHash)
    {
        var canonical = CanonicalRequest.Create(request, SignedHeaders, payloadHash);
        var stringToSign = StringToSign.Build(SdkDate.ToHeaderValue(Date), canonical);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData("SK"u8, Encoding.UTF8.GetBytes(stringToSign)));
        return new AuthorizationHeader("AK", SignedHeaders, signature).ToString();
    }
}
