namespace Coc.Client.Http;

/// <summary>Sends <c>X-Auth-Token</c> (from <c>POST /v3/auth/tokens</c>) on every request that has none.</summary>
public sealed class TokenAuthHandler(Func<string?> token) : DelegatingHandler
{
    public const string Header = "X-Auth-Token";

    public TokenAuthHandler(string token) : this(() => token) { }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Contains(Header) && token() is { Length: > 0 } value) request.Headers.TryAddWithoutValidation(Header, value);
        return base.SendAsync(request, cancellationToken);
    }
}
