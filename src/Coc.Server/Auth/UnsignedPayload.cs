using Coc.Core.Auth.Signing;

namespace Coc.Server.Auth;

/// <summary>
/// Where a signed request may declare <c>X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD</c>: only on an endpoint marked
/// <see cref="AllowsUnsignedPayload"/> (the multipart upload, as the SDK signs it). Every other endpoint reads its
/// body as JSON whatever the Content-Type says, so there the signature must cover the body.
/// </summary>
public static class UnsignedPayload
{
    private sealed class Marker;

    public static RouteHandlerBuilder AllowsUnsignedPayload(this RouteHandlerBuilder route) => route.WithMetadata(new Marker());

    /// <summary>Why this request's undeclared body hash is refused here, or null when it is not refused.</summary>
    public static string? Refusal(HttpContext http, SignatureRequest request) =>
        request.Body.IsEmpty || request.Header(SdkSigning.ContentSha256Header) != SdkSigning.UnsignedPayload
        || http.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null
            ? null
            : $"{SdkSigning.UnsignedPayload} is accepted only for a multipart upload: sign the body's SHA-256";
}
