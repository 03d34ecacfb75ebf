using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Coc.Server.Wire;

/// <summary>
/// Writes a response body with the source-generated serializer, synchronously into a per-thread buffer, then sends
/// it with a Content-Length. Synchronous serialization lets System.Text.Json take its generated fast path (the
/// streaming one walks converters), and the writer's relaxed encoder keeps non-ASCII text as UTF-8, as the real
/// service does.
/// </summary>
public static class WireJsonWriter
{
    private const int KeepBufferUpTo = 64 * 1024; // a larger one (a big page of a list) is left to the GC
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    public static Task WriteAsync<T>(HttpResponse response, T value, JsonTypeInfo<T> type)
    {
        var buffer = SerializeToThreadBuffer(value, type);
        var flush = WriteAsync(response, buffer.WrittenSpan); // copied into the response pipe, so the buffer is free again
        if (buffer.Capacity > KeepBufferUpTo) { t_buffer = null; t_writer = null; }
        return flush;
    }

    /// <summary>A body rendered once and sent many times.</summary>
    public static byte[] ToUtf8Bytes<T>(T value, JsonTypeInfo<T> type) => SerializeToThreadBuffer(value, type).WrittenSpan.ToArray();

    public static Task WriteAsync(HttpResponse response, ReadOnlySpan<byte> body)
    {
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        response.BodyWriter.Write(body);
        var flush = response.BodyWriter.FlushAsync();
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }

    private static ArrayBufferWriter<byte> SerializeToThreadBuffer<T>(T value, JsonTypeInfo<T> type)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, Options);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, value, type);
        return buffer;
    }
}
