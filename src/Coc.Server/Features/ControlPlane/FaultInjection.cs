using System.Text.Json;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.ControlPlane;

/// <summary>
/// Applies the fault rules (control.md) before authentication and before any endpoint: a matching request is delayed
/// (<c>latency_ms</c>) and/or answered with the rule's status and code, in the envelope, or in the gateway's body for
/// <c>APIGW.*</c> codes, so nothing it asked for is done. 429 and 503 answers carry <c>Retry-After: 1</c>. The control
/// plane's own paths are never faulted.
/// </summary>
public sealed class FaultInjectionMiddleware(RequestDelegate next, FaultRegistry faults)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!faults.Any || http.Request.Path.StartsWithSegments(ControlPlaneEndpoints.Prefix))
        {
            await next(http);
            return;
        }
        var operateKey = faults.NeedsOperateKey ? await OperateKeyAsync(http.Request) : null;
        var rule = faults.Take(http.Request.Method, http.Request.Path.Value ?? "/", operateKey);
        if (rule is null)
        {
            await next(http);
            return;
        }
        if (rule.LatencyMs is { } delay and > 0) await Task.Delay(TimeSpan.FromMilliseconds(delay), http.RequestAborted);
        if (rule.Status is not { } status)
        {
            await next(http);
            return;
        }
        var code = rule.ErrorCode ?? FaultRule.DefaultCode(status);
        if (status is 429 or 503) http.Response.Headers.RetryAfter = "1";
        await WireResults.WriteErrorAsync(http, status, code, rule.ErrorMsg ?? $"injected fault {rule.Id}");
    }

    /// <summary>The top-level <c>operate_key</c> of a JSON body (the body stays readable for the endpoint).</summary>
    private static async Task<string?> OperateKeyAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) return null;
        request.EnableBuffering();
        ReadOnlyMemory<byte> body;
        try
        {
            body = await RequestBody.ReadAsync(request, RequestBody.MaxBytes, request.HttpContext.RequestAborted);
        }
        catch (Coc.Core.Errors.CocException)
        {
            return null; // too large: the endpoint answers that
        }
        finally
        {
            request.Body.Position = 0;
        }
        try
        {
            var reader = new Utf8JsonReader(body.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isKey = reader.ValueTextEquals("operate_key");
                reader.Read();
                if (isKey) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }
}
