using Coc.Core.Auth.Signing;

namespace Coc.Server.Auth;

/// <summary>
/// Endpoint metadata: the endpoint takes a body the signature may leave out (<c>X-Sdk-Content-Sha256:
/// UNSIGNED-PAYLOAD</c>), as the SDKs send for multipart uploads. Every other endpoint needs its body signed whatever
/// the Content-Type says, because the JSON endpoints parse a body whatever it says, and Content-Type need not be signed.
/// </summary>
public sealed class AcceptsUnsignedPayload
{
    public static readonly AcceptsUnsignedPayload Instance = new();

    private AcceptsUnsignedPayload()
    {
    }
}

public static class UnsignedPayload
{
    public static TBuilder AcceptUnsignedPayload<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AcceptsUnsignedPayload.Instance);

    /// <summary>Why the request's UNSIGNED-PAYLOAD is refused at its endpoint; null when it declares none, has no body, or may.</summary>
    public static string? Refusal(HttpContext http, SignatureRequest request) =>
        request.Header(SdkSigning.ContentSha256Header) == SdkSigning.UnsignedPayload && !request.Body.IsEmpty
            && http.GetEndpoint()?.Metadata.GetMetadata<AcceptsUnsignedPayload>() is null
            ? $"{SdkSigning.UnsignedPayload} is accepted only for multipart uploads: sign the body's SHA-256"
            : null;
}
