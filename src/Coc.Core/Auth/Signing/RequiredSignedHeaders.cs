namespace Coc.Core.Auth.Signing;

/// <summary>
/// Headers a signature must cover: without them a signed request could be replayed to another host, kept
/// valid forever, or moved into another project or domain by adding a header after signing.
/// </summary>
public static class RequiredSignedHeaders
{
    /// <summary>Signed on every request (every SDK signs them).</summary>
    public static readonly IReadOnlyList<string> Always = ["host", "x-sdk-date"];

    /// <summary>Signed whenever the request carries them (the SDKs sign every tenancy header they send).</summary>
    public static readonly IReadOnlyList<string> WhenPresent = ["x-project-id", "x-domain-id", "x-security-token"];

    /// <summary>The first required header the signature does not cover, lower case; null when all are covered.</summary>
    /// <param name="signedHeaders">Lower case, as <see cref="AuthorizationHeader"/> gives them.</param>
    public static string? FirstUnsigned(SignatureRequest request, IReadOnlyList<string> signedHeaders) =>
        Always.Concat(WhenPresent.Where(name => request.Header(name) is not null))
            .FirstOrDefault(name => !signedHeaders.Contains(name, StringComparer.Ordinal));
}
