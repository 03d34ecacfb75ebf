using System.Text.Json.Nodes;

namespace Coc.Server.Features.OpenApi;

/// <summary>Small builders for JSON Schema 2020-12 fragments (OpenAPI 3.1 schemas are JSON Schema).</summary>
internal static class Schemas
{
    public static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    public static JsonObject String(int maxLength, int minLength = 0, bool nullable = false)
    {
        var s = new JsonObject { ["type"] = Type("string", nullable), ["maxLength"] = maxLength };
        if (minLength > 0) s["minLength"] = minLength;
        return s;
    }

    /// <summary>Any string (answers: the server writes what it stored).</summary>
    public static JsonObject Text(bool nullable = false) => new() { ["type"] = Type("string", nullable) };

    public static JsonObject Const(string value) => new() { ["type"] = "string", ["const"] = value };

    public static JsonObject Enum(IEnumerable<string> values, bool nullable = false, bool allowEmpty = false)
    {
        var list = new JsonArray([.. values.Select(v => (JsonNode?)v)]);
        if (allowEmpty) list.Add("");
        if (nullable) list.Add(null);
        return new JsonObject { ["type"] = Type("string", nullable), ["enum"] = list };
    }

    public static JsonObject Integer(long? minimum = null, long? maximum = null, bool nullable = false, string format = "int64")
    {
        var s = new JsonObject { ["type"] = Type("integer", nullable), ["format"] = format };
        if (minimum is not null) s["minimum"] = minimum;
        if (maximum is not null) s["maximum"] = maximum;
        return s;
    }

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public static JsonObject Time(bool nullable = false) =>
        Described(Integer(0, Coc.Core.Json.JsonFields.MaxTime, nullable: nullable), "milliseconds since the Unix epoch, at most the end of year 9999");

    /// <summary>A text filter of the list: control characters are refused.</summary>
    public static JsonObject FilterText(int maxLength)
    {
        var schema = String(maxLength);
        schema["pattern"] = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";
        return Described(schema, "no control characters");
    }

    public static JsonObject Boolean() => new() { ["type"] = "boolean" };

    public static JsonObject Null() => new() { ["type"] = "null" };

    public static JsonObject Array(JsonObject items, int? maxItems = null, int minItems = 0, bool nullable = false)
    {
        var s = new JsonObject { ["type"] = Type("array", nullable), ["items"] = items };
        if (maxItems is not null) s["maxItems"] = maxItems;
        if (minItems > 0) s["minItems"] = minItems;
        return s;
    }

    /// <summary>An object; unknown fields are allowed both ways (compatibility rule 5), so no additionalProperties: false.</summary>
    public static JsonObject Object(JsonObject properties, IEnumerable<string>? required = null, bool nullable = false)
    {
        var s = new JsonObject { ["type"] = Type("object", nullable), ["properties"] = properties };
        var names = required?.ToList();
        if (names is { Count: > 0 }) s["required"] = new JsonArray([.. names.Select(n => (JsonNode?)n)]);
        return s;
    }

    /// <summary>An object whose every property is always written (the wire types serialize nulls).</summary>
    public static JsonObject Record(JsonObject properties) => Object(properties, properties.Select(p => p.Key).ToList());

    public static JsonObject OneOf(params JsonObject[] choices) => new() { ["oneOf"] = new JsonArray(choices) };

    public static JsonObject Described(JsonObject schema, string description)
    {
        schema["description"] = description;
        return schema;
    }

    /// <summary>Case-insensitive match of one of <paramref name="words"/> (JSON Schema patterns have no flags).</summary>
    public static string AnyCase(params string[] words) =>
        "^(" + string.Join("|", words.Select(w => string.Concat(w.Select(c => char.IsLetter(c) ? $"[{char.ToUpperInvariant(c)}{char.ToLowerInvariant(c)}]" : c.ToString())))) + ")$";

    private static JsonNode Type(string type, bool nullable) => nullable ? new JsonArray(type, "null") : JsonValue.Create(type);
}
