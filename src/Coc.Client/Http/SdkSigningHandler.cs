using Coc.Core.Auth.Signing;

namespace Coc.Client.Http;

/// <summary>
/// Signs every request with SDK-HMAC-SHA256 as the official Huawei Cloud SDKs do, through the same <see cref="Signer"/>
/// (canonical request, string to sign) the server verifies with: <c>Host</c>, <c>X-Sdk-Date</c> and every header the
/// request carries (content headers included; not <c>Authorization</c>, <c>Content-Length</c>, <c>Connection</c>) over the
/// exact body bytes and the request target as it goes on the wire. A retried request is signed again.
/// </summary>
public sealed class SdkSigningHandler(string accessKey, string secretKey, TimeProvider? clock = null) : DelegatingHandler
{
    private static readonly HashSet<string> Unsigned = new(StringComparer.OrdinalIgnoreCase)
    {
        SdkSigning.AuthorizationHeader, "Content-Length", "Connection", "Transfer-Encoding", "Expect", "Accept-Encoding",
    };

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await SignAsync(request, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets <c>X-Sdk-Date</c> and <c>Authorization</c> on <paramref name="request"/> (replacing earlier ones).</summary>
    public async Task SignAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI");
        if (!uri.IsAbsoluteUri) throw new InvalidOperationException("The request URI must be absolute (set the client's BaseAddress)");
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var date = _clock.GetUtcNow();

        request.Headers.Remove(SdkSigning.AuthorizationHeader);
        request.Headers.Remove(SdkSigning.DateHeader);
        request.Headers.Host ??= uri.IsDefaultPort ? uri.Host : uri.Authority;
        request.Headers.TryAddWithoutValidation(SdkSigning.DateHeader, SdkDate.ToHeaderValue(date));

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers.NonValidated)
            if (!Unsigned.Contains(name)) headers.Add(new(name, string.Join(",", values)));
        if (request.Content is not null)
            foreach (var (name, values) in request.Content.Headers.NonValidated)
                if (!Unsigned.Contains(name)) headers.Add(new(name, string.Join(",", values)));

        var signed = SignatureRequest.FromTarget(request.Method.Method, uri.PathAndQuery, headers, body);
        request.Headers.TryAddWithoutValidation(SdkSigning.AuthorizationHeader,
            Signer.Sign(signed, accessKey, secretKey, date, headers.Select(h => h.Key)));
    }
}
