using Coc.Core.Errors;
using System.Text.Json.Serialization.Metadata;
using Coc.Server.Contracts;

namespace Coc.Server.Hosting;

/// <summary>Writes envelopes and error bodies with the source-generated serializer.</summary>
public static class WireResults
{
    /// <param name="type">From <see cref="WireJsonContext.Default"/>: its options let the serializer take the fast path.</param>
    public static IResult Ok<T>(T data, JsonTypeInfo<Envelope<T>> type) => new WireJson<Envelope<T>>(Envelope<T>.Ok(data), type);

    public static IResult OkNoData() => new WireJson<Envelope<object>>(Envelope<object>.Ok(null), WireJsonContext.Default.EnvelopeObject);

    private sealed class WireJson<T>(T value, JsonTypeInfo<T> type) : IResult
    {
        public Task ExecuteAsync(HttpContext http) => WireJsonWriter.WriteAsync(http.Response, value, type);
    }

    /// <summary>APIGW.* errors come in the gateway's own body; the rest in the COC envelope.</summary>
    public static Task WriteErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        if (code.StartsWith("APIGW.", StringComparison.Ordinal))
            return WireJsonWriter.WriteAsync(http.Response, new GatewayError(code, message, http.TraceIdentifier), WireJsonContext.Default.GatewayError);
        if (http.Items.ContainsKey(AttachmentKeys))
            return WireJsonWriter.WriteAsync(http.Response,
                new AttachmentEnvelope(Wire.ProviderCode, code, message, code, message, null), WireJsonContext.Default.AttachmentEnvelope);
        return WireJsonWriter.WriteAsync(http.Response, new ErrorEnvelope(Wire.ProviderCode, code, message, null), WireJsonContext.Default.ErrorEnvelope);
    }

    /// <summary>Marks a request whose errors carry both key sets (<c>code</c>/<c>msg</c> beside <c>error_code</c>/<c>error_msg</c>).</summary>
    public const string AttachmentKeys = "coc.attachment-keys";

    public static Task WriteNoSuchApiAsync(HttpContext http) =>
        WriteErrorAsync(http, 404, CocErrors.NoSuchApiCode, $"The API does not exist or has not been published in the environment: {http.Request.Method} {http.Request.Path}");
}
