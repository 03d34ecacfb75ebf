using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Coc.Client.Http;

namespace Coc.Client;

/// <summary>
/// The typed client for every endpoint the service serves. Answers are read with the server's own source-generated
/// contracts (Coc.Core.Contracts); a refusal throws <see cref="CocApiException"/>. Get one from
/// <c>services.AddCocClient(…)</c> (IHttpClientFactory) or <see cref="Create"/>.
/// </summary>
public sealed partial class CocClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Over an <see cref="HttpClient"/> whose handlers sign (or carry a token) and retry; its BaseAddress is the service.</summary>
    public CocClient(HttpClient http) : this(http, ownsHttp: false) { }

    private CocClient(HttpClient http, bool ownsHttp)
    {
        _http = http;
        _ownsHttp = ownsHttp;
    }

    public Uri? BaseAddress => _http.BaseAddress;

    /// <summary>A client without dependency injection: the same handler chain as <c>AddCocClient</c>.</summary>
    public static CocClient Create(CocClientOptions options, HttpMessageHandler? primary = null)
    {
        var handler = CreateHandlerChain(options, primary ?? new SocketsHttpHandler { AllowAutoRedirect = false });
        var endpoint = options.Endpoint is null ? null : WithTrailingSlash(options.Endpoint);
        return new CocClient(new HttpClient(handler) { BaseAddress = endpoint, Timeout = Timeout.InfiniteTimeSpan }, ownsHttp: true);
    }

    /// <summary>Paths are sent relative to the base address, so an endpoint behind a path prefix (a gateway's
    /// <c>https://host/coc/</c>) keeps it; the slash makes the last segment part of that prefix.</summary>
    internal static Uri WithTrailingSlash(Uri endpoint) =>
        endpoint.AbsolutePath.EndsWith('/') ? endpoint : new UriBuilder(endpoint) { Path = endpoint.AbsolutePath + "/" }.Uri;

    /// <summary>Retry (outermost, so every attempt is signed afresh), tenancy headers, then signing or the token.</summary>
    internal static HttpMessageHandler CreateHandlerChain(CocClientOptions options, HttpMessageHandler primary)
    {
        var handlers = new List<DelegatingHandler>();
        handlers.Add(CocRetry.Handler(options));
        handlers.AddRange(AuthHandlers(options));
        var handler = primary;
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            handlers[i].InnerHandler = handler;
            handler = handlers[i];
        }
        return handler;
    }

    internal static IEnumerable<DelegatingHandler> AuthHandlers(CocClientOptions options)
    {
        yield return new TenancyHandler(options);
        if (options.Signs) yield return new SdkSigningHandler(options.AccessKey!, options.SecretKey!, options.Clock);
        else if (!string.IsNullOrEmpty(options.AuthToken)) yield return new TokenAuthHandler(() => options.AuthToken);
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    // ---- the one send path ----

    private static HttpContent Json<T>(T body, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private async Task<HttpResponseMessage> SendRawAsync(
        HttpMethod method, string path, HttpContent? content, string? idempotencyKey, CancellationToken ct,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(method, Relative(path)) { Content = content };
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        var response = await _http.SendAsync(request, completion, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await ErrorAsync(response, ct).ConfigureAwait(false);
    }

    /// <summary>Sends and reads an answer in the COC envelope, returning its <c>data</c>.</summary>
    private async Task<T?> SendAsync<T>(
        HttpMethod method, string path, HttpContent? content, JsonTypeInfo<Envelope<T>> answer, CancellationToken ct, string? idempotencyKey = null)
    {
        using var response = await SendRawAsync(method, path, content, idempotencyKey, ct).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        var envelope = JsonSerializer.Deserialize(bytes, answer)
            ?? throw Malformed(response, bytes, "an empty body");
        if (envelope.ErrorCode != Coc.Core.Errors.CocErrors.Success)
            throw new CocApiException(response.StatusCode, envelope.ErrorCode, envelope.ErrorMsg, RequestId(response), Text(bytes));
        return envelope.Data;
    }

    /// <summary>Sends and reads an answer without an envelope (<c>/v1/alarm-mgmt/*</c>).</summary>
    private async Task<T> SendPlainAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> answer, CancellationToken ct)
    {
        using var response = await SendRawAsync(method, path, content, null, ct).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        return JsonSerializer.Deserialize(bytes, answer) ?? throw Malformed(response, bytes, "an empty body");
    }

    private static async Task<CocApiException> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        string code = $"HTTP.{(int)response.StatusCode}", message = response.ReasonPhrase ?? "";
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (doc.RootElement.TryGetProperty("error_code", out var c) && c.ValueKind == JsonValueKind.String) code = c.GetString()!;
                if (doc.RootElement.TryGetProperty("error_msg", out var m) && m.ValueKind == JsonValueKind.String) message = m.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON (e.g. a proxy's page): the status stands for the code.
        }
        return new CocApiException(response.StatusCode, code, message, RequestId(response), Text(bytes));
    }

    private static CocApiException Malformed(HttpResponseMessage response, byte[] bytes, string what) =>
        new(response.StatusCode, "CLIENT.MALFORMED", $"The service answered {what}", RequestId(response), Text(bytes));

    private static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Request-Id", out var values) ? values.FirstOrDefault() : null;

    private static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    /// <summary>The API's paths are written from the root (<c>/v1/…</c>) and sent under the base address.</summary>
    private static string Relative(string path) => path.TrimStart('/');

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static string Query(params (string Name, object? Value)[] parameters)
    {
        var parts = parameters.Where(p => p.Value is not null)
            .Select(p => $"{Escape(p.Name)}={Escape(Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)!)}");
        var query = string.Join("&", parts);
        return query.Length == 0 ? "" : "?" + query;
    }

    internal static bool IsNotFound(CocApiException e) => e.HttpStatus == HttpStatusCode.NotFound;
}
