using System.Buffers;
using System.Text.Json;
using Coc.Core.Errors;
using Coc.Core.Json;

namespace Coc.Server.Http;

public static class RequestBody
{
    /// <summary>Bodies over 12 MB get 413 (auth.md); Kestrel enforces the same limit for streamed bodies.</summary>
    public const int MaxBytes = 12 * 1024 * 1024;

    /// <summary>Reads the body as a JSON object whatever the Content-Type says (api.md).</summary>
    public static Task<JsonDocument> ReadJsonObjectAsync(HttpRequest request, CancellationToken ct) => ReadObjectAsync(request, optional: false, ct);

    /// <summary>As <see cref="ReadJsonObjectAsync"/>, but an empty body reads as <c>{}</c>.</summary>
    public static Task<JsonDocument> ReadOptionalJsonObjectAsync(HttpRequest request, CancellationToken ct) => ReadObjectAsync(request, optional: true, ct);

    private static async Task<JsonDocument> ReadObjectAsync(HttpRequest request, bool optional, CancellationToken ct)
    {
        var body = await ReadAsync(request, MaxBytes, ct);
        if (body.Length == 0)
            return optional ? JsonDocument.Parse("{}") : throw CocErrors.Invalid("request body is required");
        return JsonBody.ParseObject(body);
    }

    /// <summary>The body's bytes; more than <paramref name="maxBytes"/> is 413 before anything else is looked at.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) throw CocErrors.TooLarge("Request entity too large");
        var buffer = new ArrayBufferWriter<byte>((int)Math.Clamp(request.ContentLength ?? 4096, 256, 64 * 1024));
        var stream = request.Body;
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await stream.ReadAsync(memory, ct);
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes) throw CocErrors.TooLarge("Request entity too large");
        }
        return buffer.WrittenMemory;
    }
}
