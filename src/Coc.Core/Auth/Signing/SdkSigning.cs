namespace Coc.Core.Auth.Signing;

public static class SdkSigning
{
    public const string Algorithm = "SDK-HMAC-SHA256";
    public const string AuthorizationHeader = "Authorization";
    public const string DateHeader = "X-Sdk-Date";
    public const string ContentSha256Header = "X-Sdk-Content-Sha256";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>How far X-Sdk-Date may be from the server clock, either direction.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);
}
