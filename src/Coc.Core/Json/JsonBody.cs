using System.Text.Json;
using Coc.Core.Errors;

namespace Coc.Core.Json;

public static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    /// <summary>
    /// Parses a request body that must be one JSON object whose every name and string is text (valid UTF-8, no
    /// lone surrogate, no NUL); anything else is 400 naming the field (api.md).
    /// </summary>
    public static JsonDocument ParseObject(ReadOnlyMemory<byte> body)
    {
        if (body.Span is [0xEF, 0xBB, 0xBF, ..])
            throw CocErrors.Invalid("request body is not valid JSON: it must not start with a byte order mark");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, Options);
        }
        catch (JsonException e)
        {
            throw CocErrors.Invalid($"request body is not valid JSON: {Trim(e.Message)}");
        }
        catch (InvalidOperationException) // the duplicate-name check decodes names, and a lone surrogate escape does not decode
        {
            throw CocErrors.Invalid("request body is not valid JSON: a property name is not valid text (an unpaired surrogate)");
        }
        try
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid("request body must be a JSON object");
            JsonText.Check(doc.RootElement);
            return doc;
        }
        catch
        {
            doc.Dispose();
            throw;
        }
    }

    // System.Text.Json messages end with a path and position that help; the exception type name does not.
    private static string Trim(string message) => message.Length > 300 ? message[..300] : message;

    /// <summary>The body's canonical form: keys sorted at every level, no insignificant white space.</summary>
    public static byte[] Canonical(JsonElement element)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            WriteCanonical(writer, element);
        return stream.ToArray();
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var p in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(p.Name);
                    WriteCanonical(writer, p.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
