using Coc.Core.Auth.Signing;

namespace Coc.Core.Tests.Signing;

/// <summary>Any one-byte change to a signed part of a fixture request must break its signature.</summary>
public class TamperingTests
{
    public static TheoryData<int> IdsWithHashedBody =>
        [.. Fixtures.Rows.Where(r => r.Body.Length > 0 && !r.Headers.Any(h => h.Key == SdkSigning.ContentSha256Header)).Select(r => r.Id)];

    [Theory]
    [MemberData(nameof(Fixtures.AllIds), MemberType = typeof(Fixtures))]
    public void Changing_the_method_fails(int id)
    {
        var row = Fixtures.Row(id);
        var request = row.ToRequest();

        AssertMismatch(row, request with { Method = Tamper.FlipLast(request.Method) });
    }

    [Theory]
    [MemberData(nameof(Fixtures.AllIds), MemberType = typeof(Fixtures))]
    public void Changing_any_byte_of_the_path_fails(int id)
    {
        var row = Fixtures.Row(id);
        var request = row.ToRequest();

        Assert.All(Enumerable.Range(0, request.RawPath.Length), i =>
            AssertMismatch(row, request with { RawPath = Tamper.Flip(request.RawPath, i) }));
    }

    [Theory]
    [MemberData(nameof(Fixtures.IdsWithQuery), MemberType = typeof(Fixtures))]
    public void Changing_any_byte_of_the_query_fails(int id)
    {
        var row = Fixtures.Row(id);
        var request = row.ToRequest();

        Assert.NotEmpty(request.RawQuery);
        Assert.All(Enumerable.Range(0, request.RawQuery.Length), i =>
            AssertMismatch(row, request with { RawQuery = Tamper.Flip(request.RawQuery, i) }));
    }

    [Theory]
    [MemberData(nameof(Fixtures.SignedHeaderCases), MemberType = typeof(Fixtures))]
    public void Changing_a_signed_header_fails(int id, string header)
    {
        var row = Fixtures.Row(id);
        var request = row.ToRequest();
        var value = request.Header(header)!;

        // The second-to-last byte: the last is 'Z' in X-Sdk-Date, and changing it would only
        // make the date unreadable rather than test the signature.
        var tampered = request.WithHeader(header, Tamper.Flip(value, value.Length - 2));

        // A declared payload hash that is no longer UNSIGNED-PAYLOAD must be the body's hash, and is refused as such first.
        if (header == SdkSigning.ContentSha256Header.ToLowerInvariant())
            Assert.Equal(SignatureStatus.PayloadHashMismatch, SignatureVerifier.Verify(tampered, row.SecretFor, row.SignedAt).Status);
        else
            AssertMismatch(row, tampered);
    }

    [Theory]
    [MemberData(nameof(IdsWithHashedBody))]
    public void Changing_any_byte_of_the_body_fails(int id)
    {
        var row = Fixtures.Row(id);
        var request = row.ToRequest();

        Assert.All(Enumerable.Range(0, row.Body.Length), i =>
            AssertMismatch(row, request with { Body = Tamper.Flip(row.Body, i) }));
    }

    [Theory]
    [MemberData(nameof(Fixtures.IdsWithoutBody), MemberType = typeof(Fixtures))]
    public void Adding_a_body_byte_fails(int id)
    {
        var row = Fixtures.Row(id);

        AssertMismatch(row, row.ToRequest() with { Body = "x"u8.ToArray() });
    }

    [Fact]
    public void An_unsigned_payload_leaves_the_body_unprotected()
    {
        var row = Fixtures.Row(8);
        var request = row.ToRequest() with { Body = Tamper.Flip(row.Body, row.Body.Length / 2) };

        var result = SignatureVerifier.Verify(request, row.SecretFor, row.SignedAt);

        Assert.Equal(SdkSigning.UnsignedPayload, row.Header(SdkSigning.ContentSha256Header));
        Assert.Equal(SignatureStatus.Success, result.Status);
    }

    [Theory]
    [MemberData(nameof(IdsWithHashedBody))]
    public void A_tampered_body_with_the_original_body_s_hash_declared_is_refused(int id)
    {
        var row = Fixtures.Row(id);
        var tampered = row.ToRequest()
            .WithHeader(SdkSigning.ContentSha256Header, PayloadHash.Of(row.Body)) with { Body = Tamper.Flip(row.Body, row.Body.Length / 2) };

        var result = SignatureVerifier.Verify(tampered, row.SecretFor, row.SignedAt);

        Assert.Equal(SignatureStatus.PayloadHashMismatch, result.Status);
    }

    [Theory]
    [MemberData(nameof(IdsWithHashedBody))]
    public void A_json_body_declared_unsigned_is_refused(int id)
    {
        var row = Fixtures.Row(id);
        var unsigned = row.ToRequest().WithHeader(SdkSigning.ContentSha256Header, SdkSigning.UnsignedPayload);

        var result = SignatureVerifier.Verify(unsigned, row.SecretFor, row.SignedAt);

        Assert.StartsWith("application/json", row.Header("Content-Type"));
        Assert.Equal(SignatureStatus.PayloadHashMismatch, result.Status);
    }

    [Theory]
    [MemberData(nameof(Fixtures.AllIds), MemberType = typeof(Fixtures))]
    public void Changing_the_secret_key_fails(int id)
    {
        var row = Fixtures.Row(id);
        var wrongSecret = Tamper.FlipLast(row.SecretKey);

        var result = SignatureVerifier.Verify(row.ToRequest(), _ => wrongSecret, row.SignedAt);

        Assert.Equal(SignatureStatus.SignatureMismatch, result.Status);
    }

    /// <summary>The canonical query reads '+' as itself and so does %2B: the row's %2B sent as '+' would verify, and mean a space.</summary>
    [Fact]
    public void A_signed_2B_sent_as_a_literal_plus_is_refused_as_ambiguous()
    {
        var row = Fixtures.Rows.First(r => r.Target.Contains("%2B", StringComparison.Ordinal) && r.Target.Contains('?'));
        var request = row.ToRequest();
        Assert.Equal(SignatureStatus.Success, SignatureVerifier.Verify(request, row.SecretFor, row.SignedAt).Status);

        var plus = request with { RawQuery = request.RawQuery.Replace("%2B", "+", StringComparison.Ordinal) };

        var result = SignatureVerifier.Verify(plus, row.SecretFor, row.SignedAt);
        Assert.Equal(SignatureStatus.AmbiguousQuery, result.Status);
        Assert.Contains("'+'", result.Reason, StringComparison.Ordinal);
    }

    private static void AssertMismatch(SignedRequestRow row, SignatureRequest tampered)
    {
        var result = SignatureVerifier.Verify(tampered, row.SecretFor, row.SignedAt);
        Assert.Equal(SignatureStatus.SignatureMismatch, result.Status);
    }
}
