namespace Coc.Core.Auth.Signing;

/// <summary>
/// Outcome of <see cref="SignatureVerifier.Verify"/>. Never carries the secret key.
/// </summary>
/// <param name="AccessKey">The AK the request claims, once the Authorization header parsed.</param>
/// <param name="SignedHeaders">Lower case and sorted, once the Authorization header parsed.</param>
/// <param name="Reason">Short explanation of a failure, for logs; null on success.</param>
/// <param name="CanonicalRequest">What the server computed, for Expired and SignatureMismatch.</param>
/// <param name="StringToSign">What the server computed, for Expired and SignatureMismatch.</param>
public sealed record SignatureVerificationResult(
    SignatureStatus Status,
    string? AccessKey = null,
    IReadOnlyList<string>? SignedHeaders = null,
    string? Reason = null,
    string? CanonicalRequest = null,
    string? StringToSign = null)
{
    public bool Succeeded => Status == SignatureStatus.Success;

    /// <summary>True when the header covers <paramref name="name"/>, e.g. X-Security-Token or X-Project-Id.</summary>
    public bool IsSigned(string name) =>
        SignedHeaders is not null && SignedHeaders.Contains(name.ToLowerInvariant(), StringComparer.Ordinal);
}
