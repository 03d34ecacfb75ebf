using System.Security.Cryptography;

namespace Coc.Core.Auth.Signing;

public static class PayloadHash
{
    /// <summary>Lower-case hex SHA-256 of zero bytes.</summary>
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static string Of(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>The hash a signer puts in the canonical request: the header's literal value when present.</summary>
    public static string ForSigning(SignatureRequest request) =>
        request.Header(SdkSigning.ContentSha256Header) ?? Of(request.Body.Span);

    /// <summary>
    /// Why the declared X-Sdk-Content-Sha256 cannot stand for this request's body, or null when it can (or none
    /// is declared). The signature covers the declared value, not the body, so with a body the value must be
    /// the body's hash; UNSIGNED-PAYLOAD only where the SDK sends it: a body whose Content-Type is neither
    /// JSON nor BSON (multipart uploads), never one the signature must protect.
    /// </summary>
    public static string? Refusal(SignatureRequest request)
    {
        var declared = request.Header(SdkSigning.ContentSha256Header);
        if (declared is null || request.Body.IsEmpty)
        {
            return null;
        }
        if (declared == SdkSigning.UnsignedPayload)
        {
            var contentType = request.Header("Content-Type")?.TrimStart();
            return contentType is null or "" || SignedContentTypes.Any(t => contentType.StartsWith(t, StringComparison.OrdinalIgnoreCase))
                ? $"{SdkSigning.UnsignedPayload} is not accepted for a body of Content-Type '{contentType}': sign the body's SHA-256"
                : null;
        }
        return string.Equals(declared, Of(request.Body.Span), StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{SdkSigning.ContentSha256Header} is not the SHA-256 of the body";
    }

    private static readonly string[] SignedContentTypes = ["application/json", "application/bson"];

    /// <summary>
    /// Every hash a genuine SDK could have signed for this request, the <see cref="ForSigning"/> one first.
    /// </summary>
    // With X-Sdk-Content-Sha256 present and no body, the Python SDK hashes the empty body while the Go
    // SDK uses the header's value, so both are accepted. With a body, only the header's value is.
    public static IReadOnlyList<string> Candidates(SignatureRequest request)
    {
        var declared = request.Header(SdkSigning.ContentSha256Header);
        if (declared is null)
        {
            return [Of(request.Body.Span)];
        }
        return request.Body.IsEmpty && declared != EmptySha256 ? [declared, EmptySha256] : [declared];
    }
}
