namespace Coc.Core.Auth.Signing;

public static class Signer
{
    /// <summary>
    /// The Authorization header value for <paramref name="request"/>. The request must be sent with
    /// <c>X-Sdk-Date: SdkDate.ToHeaderValue(date)</c>; if it already carries X-Sdk-Date, that value
    /// must be the same.
    /// </summary>
    /// <param name="signedHeaders">
    /// Headers to sign; by default every header of the request (except Authorization) plus X-Sdk-Date,
    /// as the Python SDK does. Each must be present in the request (X-Sdk-Date aside).
    /// </param>
    public static string Sign(
        SignatureRequest request,
        string accessKey,
        string secretKey,
        DateTimeOffset date,
        IEnumerable<string>? signedHeaders = null)
    {
        var sdkDate = SdkDate.ToHeaderValue(date);
        var sentDate = request.Header(SdkSigning.DateHeader);
        if (sentDate is null)
        {
            request = request.WithHeader(SdkSigning.DateHeader, sdkDate);
        }
        else if (sentDate.Trim() != sdkDate)
        {
            throw new ArgumentException($"{SdkSigning.DateHeader} is '{sentDate}' but the date to sign is {sdkDate}", nameof(date));
        }

        var names = (signedHeaders ?? request.Headers.Keys.Where(IsSignable))
            .Select(name => name.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();

        var canonical = CanonicalRequest.Create(request, names, PayloadHash.ForSigning(request));
        var signature = HmacSignature.ComputeHex(secretKey, StringToSign.Build(sdkDate, canonical));
        return new AuthorizationHeader(accessKey, names, signature).ToString();
    }

    private static bool IsSignable(string name) =>
        !name.Equals(SdkSigning.AuthorizationHeader, StringComparison.OrdinalIgnoreCase);
}
