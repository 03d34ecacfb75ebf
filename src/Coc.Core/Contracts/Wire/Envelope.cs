using System.Text.Json.Serialization;
using Coc.Core.Errors;

namespace Coc.Core.Contracts.Wire;

/// <summary>The COC envelope every service response travels in; <c>provider_code</c> is the string "049".</summary>
public sealed record Envelope<T>(
    [property: JsonPropertyName("provider_code")] string ProviderCode,
    [property: JsonPropertyName("error_code")] string ErrorCode,
    [property: JsonPropertyName("error_msg")] string? ErrorMsg,
    [property: JsonPropertyName("data")] T? Data)
{
    public static Envelope<T> Ok(T? data) => new(Envelopes.ProviderCode, CocErrors.Success, null, data);
}

public static class Envelopes
{
    public const string ProviderCode = "049";
}

/// <summary>An error in the envelope (<c>data: null</c>).</summary>
public sealed record ErrorEnvelope(
    [property: JsonPropertyName("provider_code")] string ProviderCode,
    [property: JsonPropertyName("error_code")] string ErrorCode,
    [property: JsonPropertyName("error_msg")] string ErrorMsg,
    [property: JsonPropertyName("data")] object? Data);

/// <summary>The API gateway's own error body (APIGW.* codes).</summary>
public sealed record GatewayError(
    [property: JsonPropertyName("error_code")] string ErrorCode,
    [property: JsonPropertyName("error_msg")] string ErrorMsg,
    [property: JsonPropertyName("request_id")] string RequestId);

/// <summary>A 401 from signature verification, with what the server computed — never the secret.</summary>
public sealed record SignatureDiagnosticError(
    [property: JsonPropertyName("error_code")] string ErrorCode,
    [property: JsonPropertyName("error_msg")] string ErrorMsg,
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("canonical_request")] string CanonicalRequest,
    [property: JsonPropertyName("string_to_sign")] string StringToSign);

/// <summary>The attachment upload answers with both key sets, since the sources disagree (api.md, Attachments).</summary>
public sealed record AttachmentEnvelope(
    [property: JsonPropertyName("provider_code")] string ProviderCode,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("msg")] string? Msg,
    [property: JsonPropertyName("error_code")] string ErrorCode,
    [property: JsonPropertyName("error_msg")] string? ErrorMsg,
    [property: JsonPropertyName("data")] AttachmentData? Data);

public sealed record AttachmentData(
    [property: JsonPropertyName("doc_id")] string DocId,
    [property: JsonPropertyName("doc_name")] string DocName);
