using System.Text.Json;
using Coc.Core.Errors;

namespace Coc.Core.Json;

public static class JsonBody
{
    /// <summary>Parses a request body that must be one JSON object; anything else is 400 (api.md).</summary>
    public static JsonDocument ParseObject(ReadOnlyMemory<byte> body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw CocErrors.Invalid($"request body is not valid JSON: {Trim(e.Message)}");
        }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            throw CocErrors.Invalid("request body must be a JSON object");
        }
        return doc;
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
