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
