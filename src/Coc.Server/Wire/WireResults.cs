using Coc.Core.Errors;
using System.Text.Json.Serialization.Metadata;

namespace Coc.Server.Wire;

/// <summary>
/// The one writer of COC envelopes, successes and errors alike, with the source-generated serializer
/// (<see cref="WireJsonWriter"/>). APIGW.* errors are handed to <see cref="GatewayResults"/>.
/// </summary>
public static class WireResults
{
    /// <param name="type">From <see cref="WireJsonContext.Default"/>: its options let the serializer take the fast path.</param>
    public static IResult Ok<T>(T data, JsonTypeInfo<Envelope<T>> type) => Json(Envelope<T>.Ok(data), type);

    public static IResult OkNoData() => Json(Envelope<object>.Ok(null), WireJsonContext.Default.EnvelopeObject);

    /// <summary>The attachment upload's success, with both key sets (api.md, Attachments).</summary>
    public static IResult OkAttachment(AttachmentData data) =>
        Json(new AttachmentEnvelope(Envelopes.ProviderCode, CocErrors.Success, null, CocErrors.Success, null, data), WireJsonContext.Default.AttachmentEnvelope);

    /// <summary>A body of another documented shape (health), through the same serializer.</summary>
    public static IResult Json<T>(T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) => new WireJson<T>(value, type, status);

    private sealed class WireJson<T>(T value, JsonTypeInfo<T> type, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            return WireJsonWriter.WriteAsync(http.Response, value, type);
        }
    }

    /// <summary>
    /// An error: APIGW.* codes in the gateway's body, the rest in the envelope; an endpoint marked with
    /// <see cref="AttachmentErrorKeys"/> answers with both key sets.
    /// </summary>
    public static Task WriteErrorAsync(HttpContext http, int status, string code, string message)
    {
        if (GatewayResults.IsGatewayCode(code)) return GatewayResults.WriteAsync(http, status, code, message);
        http.Response.StatusCode = status;
        if (http.GetEndpoint()?.Metadata.GetMetadata<AttachmentErrorKeys>() is not null)
            return WireJsonWriter.WriteAsync(http.Response,
                new AttachmentEnvelope(Envelopes.ProviderCode, code, message, code, message, null), WireJsonContext.Default.AttachmentEnvelope);
        return WireJsonWriter.WriteAsync(http.Response, new ErrorEnvelope(Envelopes.ProviderCode, code, message, null), WireJsonContext.Default.ErrorEnvelope);
    }

    public static Task WriteNoSuchApiAsync(HttpContext http) =>
        GatewayResults.WriteAsync(http, 404, CocErrors.NoSuchApiCode,
            $"The API does not exist or has not been published in the environment: {http.Request.Method} {http.Request.Path}");
}

/// <summary>Endpoint metadata: this endpoint's errors carry <c>code</c>/<c>msg</c> beside <c>error_code</c>/<c>error_msg</c>.</summary>
public sealed class AttachmentErrorKeys
{
    public static readonly AttachmentErrorKeys Instance = new();
}
