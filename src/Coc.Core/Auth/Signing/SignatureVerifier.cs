namespace Coc.Core.Auth.Signing;

public static class SignatureVerifier
{
    /// <param name="secretForAccessKey">The SK for an AK, or null when the AK is unknown.</param>
    /// <param name="now">The server clock; X-Sdk-Date must be within <see cref="SdkSigning.MaxClockSkew"/> of it.</param>
    public static SignatureVerificationResult Verify(
        SignatureRequest request,
        Func<string, string?> secretForAccessKey,
        DateTimeOffset now)
    {
        var authorization = request.Header(SdkSigning.AuthorizationHeader);
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return new(SignatureStatus.MissingAuthorization, Reason: "no Authorization header");
        }
        if (!AuthorizationHeader.TryParse(authorization, out var header, out var parseError))
        {
            return new(SignatureStatus.Malformed, Reason: parseError);
        }

        var accessKey = header.AccessKey;
        var signedHeaders = header.SignedHeaders;
        SignatureVerificationResult Fail(SignatureStatus status, string reason, string? canonical = null, string? toSign = null) =>
            new(status, accessKey, signedHeaders, reason, canonical, toSign);

        var secretKey = secretForAccessKey(accessKey);
        if (secretKey is null)
        {
            return Fail(SignatureStatus.UnknownAccessKey, "unknown access key");
        }
        var missing = signedHeaders.FirstOrDefault(name => request.Header(name) is null);
        if (missing is not null)
        {
            return Fail(SignatureStatus.MissingSignedHeader, $"signed header '{missing}' is missing");
        }
        if (!SdkDate.TryParse(request.Header(SdkSigning.DateHeader), out var date))
        {
            return Fail(SignatureStatus.DateMissingOrMalformed, $"{SdkSigning.DateHeader} must be yyyyMMddTHHmmssZ");
        }
        if (RequiredSignedHeaders.FirstUnsigned(request, signedHeaders) is { } unsigned)
        {
            return Fail(SignatureStatus.RequiredHeaderNotSigned, $"header '{unsigned}' must be signed (SignedHeaders)");
        }
        // The canonical query reads '+' as itself, a server's query parser as a space: a signature over "a%2Bb" would
        // also verify "a+b". The SDKs send '+' as %2B and a space as %20, so a literal '+' has one signed meaning only if refused.
        if (request.RawQuery.Contains('+'))
        {
            return Fail(SignatureStatus.AmbiguousQuery, "the query has a literal '+': send '+' as %2B and a space as %20");
        }
        if (PayloadHash.Refusal(request) is { } refusal)
        {
            return Fail(SignatureStatus.PayloadHashMismatch, refusal);
        }

        var sdkDate = SdkDate.ToHeaderValue(date);
        var candidates = PayloadHash.Candidates(request);
        var canonical = CanonicalRequest.Create(request, signedHeaders, candidates[0]);
        var stringToSign = StringToSign.Build(sdkDate, canonical);

        if ((now - date).Duration() > SdkSigning.MaxClockSkew)
        {
            return Fail(SignatureStatus.Expired, SigningMessages.SignatureExpired, canonical.ToString(), stringToSign);
        }

        var provided = Convert.FromHexString(header.Signature);
        if (HmacSignature.Matches(secretKey, stringToSign, provided))
        {
            return new(SignatureStatus.Success, accessKey, signedHeaders);
        }
        foreach (var alternative in candidates.Skip(1))
        {
            var alternativeToSign = StringToSign.Build(sdkDate, canonical with { PayloadHash = alternative });
            if (HmacSignature.Matches(secretKey, alternativeToSign, provided))
            {
                return new(SignatureStatus.Success, accessKey, signedHeaders);
            }
        }
        return Fail(SignatureStatus.SignatureMismatch, SigningMessages.SignatureMismatch, canonical.ToString(), stringToSign);
    }
}
