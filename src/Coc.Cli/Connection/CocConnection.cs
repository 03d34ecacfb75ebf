using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Client;
using Coc.Client.Http;

namespace Coc.Cli.Connection;

/// <summary>
/// One service endpoint with its credentials: sends JSON (or multipart) requests and turns error answers — the COC
/// envelope, the gateway body, or the attachment body — into <see cref="CocApiException"/>.
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

    /// <summary>The typed client over the same HttpClient.</summary>
    public CocClient Client { get; }

    public Uri Endpoint { get; }
    public Credentials Credentials { get; }
    public string? ProjectId { get; }

    /// <summary>Sends a JSON body (or none) and answers the whole parsed response.</summary>
    public Task<JsonNode?> SendAsync(HttpMethod method, string pathAndQuery, JsonNode? body, CancellationToken ct,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        HttpContent? content = body is null ? null
            : new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });
        return SendAsync(method, pathAndQuery, content, ct, headers);
    }

    /// <summary>The <c>data</c> of a COC envelope answer.</summary>
    public async Task<JsonNode?> DataAsync(HttpMethod method, string pathAndQuery, JsonNode? body, CancellationToken ct,
        IReadOnlyDictionary<string, string>? headers = null) =>
        (await SendAsync(method, pathAndQuery, body, ct, headers))?["data"];

    public async Task<JsonNode?> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken ct,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, Relative(pathAndQuery)) { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var json = TryParse(text);
        if (!response.IsSuccessStatusCode) throw Error(response, json, text);
        return json;
    }

    /// <summary>A binary download: the bytes and the file name the server gives.</summary>
    public async Task<(byte[] Bytes, string? FileName)> DownloadAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(Relative(path), ct);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw Error(response, TryParse(text), text);
        }
        var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName;
        return (await response.Content.ReadAsByteArrayAsync(ct), name?.Trim('"'));
    }

    private static string Relative(string pathAndQuery) => pathAndQuery.TrimStart('/');

    private static CocApiException Error(HttpResponseMessage response, JsonNode? json, string text)
    {
        var requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
        var code = Text(json?["error_code"]) ?? Text(json?["code"]);
        var message = Text(json?["error_msg"]) ?? Text(json?["msg"]) ?? (json is null && text.Length > 0 ? text[..Math.Min(text.Length, 300)] : response.ReasonPhrase);
        return new CocApiException((int)response.StatusCode, code, message, requestId ?? Text(json?["request_id"]));
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static JsonNode? TryParse(string text)
    {
        if (text.Length == 0) return null;
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return null; }
    }

    public void Dispose() => _http.Dispose();
}
