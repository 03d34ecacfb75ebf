using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Coc.Client.Http;

/// <summary>
/// The client's retry rule (Microsoft.Extensions.Http.Resilience): a 429 (throttled, <c>APIGW.0308</c>) or a 503 is sent
/// again after the answer's <c>Retry-After</c>, else after an exponential back-off with jitter. A 503
/// <c>GOM.00007298</c> (outcome unknown: the change may have been applied) is retried only for GET or a request carrying
/// an <c>Idempotency-Key</c>, where a retry is safe.
/// </summary>
public static class CocRetry
{
    public const string OutcomeUnknownCode = "GOM.00007298";

    public static HttpRetryStrategyOptions Options(CocClientOptions client) => new()
    {
        MaxRetryAttempts = Math.Max(1, client.MaxRetries),
        Delay = client.RetryBaseDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        ShouldRetryAfterHeader = true,
        ShouldHandle = args => ShouldRetryAsync(args.Outcome.Result, args.Context.CancellationToken),
    };

    /// <summary>The handler for clients built without IHttpClientFactory (<see cref="CocClient.Create"/>).</summary>
    public static DelegatingHandler Handler(CocClientOptions client)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (client.MaxRetries > 0) pipeline.AddRetry(Options(client));
        return new ResilienceHandler(pipeline.AddTimeout(client.Timeout).Build());
    }

    private static async ValueTask<bool> ShouldRetryAsync(HttpResponseMessage? response, CancellationToken ct)
    {
        if (response is null) return false;
        if (response.StatusCode == HttpStatusCode.TooManyRequests) return true;
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable) return false;
        var request = response.RequestMessage;
        if (request is null || request.Method == HttpMethod.Get || request.Headers.Contains("Idempotency-Key")) return true;
        return await ErrorCodeAsync(response, ct).ConfigureAwait(false) != OutcomeUnknownCode;
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await response.Content.LoadIntoBufferAsync(ct).ConfigureAwait(false); // the caller still reads the body
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.TryGetProperty("error_code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
