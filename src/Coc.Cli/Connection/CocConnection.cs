using System.Net.Http.Headers;
using Coc.Client;
using Coc.Client.Http;

namespace Coc.Cli.Connection;

/// <summary>
/// One service endpoint with its credentials, as the typed client every command calls (<see cref="Client"/>): its own
/// handler chain, with the CLI's User-Agent. Refusals surface as <see cref="Coc.Client.CocApiException"/>.
/// </summary>
public sealed class CocConnection : IDisposable
{
    private readonly HttpClient _http;

    public CocConnection(Uri endpoint, Credentials credentials, string? projectId, TimeSpan timeout)
    {
        Endpoint = endpoint;
        Credentials = credentials;
        ProjectId = projectId;
        // The typed client's own handlers: 429/503 retries with Retry-After (outermost, so each attempt is signed afresh),
        // the tenancy headers, then SDK-HMAC-SHA256 signing or the token.
        var options = new CocClientOptions
        {
            Endpoint = endpoint, AccessKey = credentials.AccessKey, SecretKey = credentials.SecretKey, SecurityToken = credentials.SecurityToken,
            AuthToken = credentials.Token, ProjectId = projectId, Timeout = timeout,
        };
        var handlers = new List<DelegatingHandler> { CocRetry.Handler(options), new TenancyHandler(options) };
        if (credentials.Token is not null) handlers.Add(new TokenAuthHandler(credentials.Token));
        else if (credentials.Signs) handlers.Add(new SdkSigningHandler(credentials.AccessKey!, credentials.SecretKey!));
        HttpMessageHandler chain = new SocketsHttpHandler { AllowAutoRedirect = false };
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            handlers[i].InnerHandler = chain;
            chain = handlers[i];
        }
        _http = new HttpClient(chain) { BaseAddress = endpoint, Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("coc-cli", typeof(CocConnection).Assembly.GetName().Version?.ToString(3)));
        Client = new CocClient(_http);
    }

    /// <summary>The typed client every command calls.</summary>
    public CocClient Client { get; }

    public Uri Endpoint { get; }
    public Credentials Credentials { get; }
    public string? ProjectId { get; }

    public void Dispose() => _http.Dispose();
}
