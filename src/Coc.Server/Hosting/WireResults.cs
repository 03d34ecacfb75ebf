using Coc.Core.Errors;
using Coc.Server.Contracts;

namespace Coc.Server.Hosting;

/// <summary>Writes envelopes and error bodies with the source-generated serializer.</summary>
public static class WireResults
{
    public static IResult Ok<T>(T data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<Envelope<T>> type) =>
        TypedResults.Json(Envelope<T>.Ok(data), type);

    public static IResult OkNoData() => TypedResults.Json(Envelope<object>.Ok(null), WireJsonContext.Wire.EnvelopeObject);

    /// <summary>APIGW.* errors come in the gateway's own body; the rest in the COC envelope.</summary>
    public static Task WriteErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        if (code.StartsWith("APIGW.", StringComparison.Ordinal))
            return http.Response.WriteAsJsonAsync(new GatewayError(code, message, http.TraceIdentifier), WireJsonContext.Wire.GatewayError);
        if (http.Items.ContainsKey(AttachmentKeys))
            return http.Response.WriteAsJsonAsync(
                new AttachmentEnvelope(Wire.ProviderCode, code, message, code, message, null), WireJsonContext.Wire.AttachmentEnvelope);
        return http.Response.WriteAsJsonAsync(new ErrorEnvelope(Wire.ProviderCode, code, message, null), WireJsonContext.Wire.ErrorEnvelope);
    }

    /// <summary>Marks a request whose errors carry both key sets (<c>code</c>/<c>msg</c> beside <c>error_code</c>/<c>error_msg</c>).</summary>
    public const string AttachmentKeys = "coc.attachment-keys";

    public static Task WriteNoSuchApiAsync(HttpContext http) =>
        WriteErrorAsync(http, 404, CocErrors.NoSuchApiCode, $"The API does not exist or has not been published in the environment: {http.Request.Method} {http.Request.Path}");
}
