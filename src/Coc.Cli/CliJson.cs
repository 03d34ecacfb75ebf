using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Coc.Cli;

public static class CliJson
{
    /// <summary>Indented, non-ASCII text kept readable (zh names), for JsonNode values only.</summary>
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static string Write(JsonNode? node) => node?.ToJsonString(Indented) ?? "null";

    /// <summary>A typed answer as the wire writes it: through the source-generated contract it was read with.</summary>
    public static JsonNode? ToNode<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToNode(value, type);
}
