using Coc.Core.Auth.Signing;

namespace Coc.Cli.Connection;

/// <summary>Signs each request with SDK-HMAC-SHA256 as the official SDKs do (the same canonicalisation code the server
/// verifies with), or adds <c>X-Auth-Token</c>; adds <c>X-Project-Id</c> when a project is chosen.</summary>
public sealed class SigningHandler(Credentials credentials, string? projectId, TimeProvider clock) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (projectId is not null) request.Headers.TryAddWithoutValidation("X-Project-Id", projectId);
        if (credentials.Token is not null)
            request.Headers.TryAddWithoutValidation("X-Auth-Token", credentials.Token);
        else if (credentials.Signs)
            await SignAsync(request, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task SignAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (credentials.SecurityToken is not null) request.Headers.TryAddWithoutValidation("X-Security-Token", credentials.SecurityToken);
        var multipart = request.Content is MultipartContent;
        if (multipart) request.Headers.TryAddWithoutValidation(SdkSigning.ContentSha256Header, SdkSigning.UnsignedPayload);
        // A multipart upload is signed UNSIGNED-PAYLOAD (as the SDK does), so its body streams without being buffered.
        var body = request.Content is null || multipart ? [] : await request.Content.ReadAsByteArrayAsync(ct);
        var date = clock.GetUtcNow();
        request.Headers.TryAddWithoutValidation(SdkSigning.DateHeader, SdkDate.ToHeaderValue(date));
        var uri = request.RequestUri!;
        var headers = new List<KeyValuePair<string, string>> { new("Host", uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}") };
        foreach (var (name, values) in request.Headers) headers.Add(new(name, string.Join(",", values)));
        if (request.Content is not null && !multipart)
            foreach (var (name, values) in request.Content.Headers.Where(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
                headers.Add(new(name, string.Join(",", values)));
        var toSign = new SignatureRequest(request.Method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), headers, body);
        request.Headers.TryAddWithoutValidation(SdkSigning.AuthorizationHeader,
            Signer.Sign(toSign, credentials.AccessKey!, credentials.SecretKey!, date));
    }
}
