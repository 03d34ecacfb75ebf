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
    public void A_multipart_body_may_be_declared_unsigned_but_not_signed_over_its_hash_instead()
    {
        var request = Multipart();

        var bodyHashed = request.WithHeader("Authorization", SignWithPayloadHash(request, PayloadHash.Of(request.Body.Span)));
        var literal = request.WithHeader("Authorization", SignWithPayloadHash(request, SdkSigning.UnsignedPayload));

        Assert.Equal(SignatureStatus.SignatureMismatch, SignatureVerifier.Verify(bodyHashed, _ => "SK", Date).Status);
        Assert.Equal(SignatureStatus.Success, SignatureVerifier.Verify(literal, _ => "SK", Date).Status);
    }

    [Fact]
    public void A_declared_hash_equal_to_the_body_s_verifies()
    {
        var body = "{\"a\":1}"u8.ToArray();
        var request = Json(body, PayloadHash.Of(body));

        var signed = request.WithHeader("Authorization", SignWithPayloadHash(request, PayloadHash.Of(body)));

        Assert.Equal([PayloadHash.Of(body)], PayloadHash.Candidates(request));
        Assert.Equal(SignatureStatus.Success, SignatureVerifier.Verify(signed, _ => "SK", Date).Status);
    }

    [Fact]
    public void A_declared_hash_of_another_body_is_refused_even_when_the_signature_covers_it()
    {
        var signedFor = "{\"a\":1}"u8.ToArray();
        var request = Json("{\"a\":2}"u8.ToArray(), PayloadHash.Of(signedFor));

        var signed = request.WithHeader("Authorization", SignWithPayloadHash(request, PayloadHash.Of(signedFor)));
        var result = SignatureVerifier.Verify(signed, _ => "SK", Date);

        Assert.Equal(SignatureStatus.PayloadHashMismatch, result.Status);
        Assert.Contains(SdkSigning.ContentSha256Header, result.Reason);
        Assert.Null(result.CanonicalRequest);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json;charset=utf-8")]
    [InlineData("Application/JSON; charset=utf-8")]
    [InlineData("application/bson")]
    public void An_unsigned_payload_is_refused_for_a_json_or_bson_body(string contentType)
    {
        var request = Json("{}"u8.ToArray(), SdkSigning.UnsignedPayload).WithHeader("Content-Type", contentType);

        var signed = request.WithHeader("Authorization", SignWithPayloadHash(request, SdkSigning.UnsignedPayload));
        var result = SignatureVerifier.Verify(signed, _ => "SK", Date);

        Assert.Equal(SignatureStatus.PayloadHashMismatch, result.Status);
        Assert.Contains(SdkSigning.UnsignedPayload, result.Reason);
    }

    [Fact]
    public void An_unsigned_payload_is_refused_for_a_body_without_a_content_type()
    {
        var request = Multipart().WithoutHeader("Content-Type");

        var signed = request.WithHeader("Authorization", SignWithPayloadHash(request, SdkSigning.UnsignedPayload));

        Assert.Equal(SignatureStatus.PayloadHashMismatch, SignatureVerifier.Verify(signed, _ => "SK", Date).Status);
    }

    private static SignatureRequest Multipart() =>
        EmptyBodyRequest().WithHeader("Content-Type", "multipart/form-data; boundary=b") with { Body = "--b\r\n\r\nx\r\n--b--\r\n"u8.ToArray() };

    private static SignatureRequest Json(byte[] body, string declaredHash) =>
        EmptyBodyRequest()
            .WithHeader("Content-Type", "application/json;charset=utf-8")
            .WithHeader(SdkSigning.ContentSha256Header, declaredHash) with { Body = body };

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
