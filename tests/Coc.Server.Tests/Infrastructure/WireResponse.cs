using System.Net;
using System.Text;
using System.Text.Json;

namespace Coc.Server.Tests;

/// <summary>A response read whole: status, headers, raw bytes and (when the body is JSON) the parsed document.</summary>
public sealed class WireResponse
{
    public WireResponse(HttpStatusCode status, byte[] bytes, string? contentType, string? contentDisposition, string? requestId,
        string? retryAfter = null)
    {
        RetryAfter = retryAfter;
        Status = status;
        Bytes = bytes;
        Text = Encoding.UTF8.GetString(bytes);
        ContentType = contentType;
        ContentDisposition = contentDisposition;
        RequestId = requestId;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            Json = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            Json = default;
        }
    }

    public HttpStatusCode Status { get; }
    public byte[] Bytes { get; }
    public string Text { get; }
    public string? ContentType { get; }
    public string? ContentDisposition { get; }
    public string? RequestId { get; }

    /// <summary>The Retry-After header, if any.</summary>
    public string? RetryAfter { get; }

    /// <summary>The body as JSON; <see cref="JsonValueKind.Undefined"/> when it is not JSON.</summary>
    public JsonElement Json { get; }

    public JsonElement Data => Json.GetProperty("data");

    public string ErrorCode => Json.GetProperty("error_code").GetString()!;

    public string ErrorMsg => Json.GetProperty("error_msg").GetString()!;

    public static async Task<WireResponse> ReadAsync(HttpResponseMessage message) => new(
        message.StatusCode,
        await message.Content.ReadAsByteArrayAsync(),
        message.Content.Headers.ContentType?.ToString(),
        message.Content.Headers.ContentDisposition?.ToString(),
        message.Headers.TryGetValues("X-Request-Id", out var ids) ? string.Join(",", ids) : null,
        message.Headers.TryGetValues("Retry-After", out var retry) ? string.Join(",", retry) : null);

    public override string ToString() => $"HTTP {(int)Status}: {(Text.Length > 2000 ? Text[..2000] + "…" : Text)}";
}
