using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Coc.Server.Tests.OpenApi;

/// <summary>
/// Generates JSON values from the document's request schemas (the JSON Schema keywords the document uses:
/// type, enum, const, lengths, bounds, items, properties/required, oneOf/anyOf, $ref and its two pattern forms),
/// and breaks one rule of a valid value to make an invalid one, naming the field as the server would.
/// Seeded, so a failure names the seed that reproduces it.
/// </summary>
public sealed partial class SchemaGenerator(OpenApiContract contract, Random random)
{
    // Letters, digits, CJK, a surrogate pair (two UTF-16 units: lengths count units), and separators.
    private static readonly string[] Pieces =
        ["a", "Z", "k", "7", "0", " ", "-", "_", "/", "%", "+", "#", "中", "文", "\u00e9", "😀", "'", "\"", "\\"];

    public JsonNode? Valid(JsonNode schemaNode)
    {
        var schema = contract.Resolve(schemaNode);
        if (schema["oneOf"] is JsonArray oneOf) return Valid(Pick(oneOf)!);
        if (schema["anyOf"] is JsonArray anyOf) return Valid(Pick(anyOf)!);
        if (schema["const"] is { } constant) return constant.DeepClone();
        if (schema["enum"] is JsonArray values) return Pick(values)?.DeepClone();
        return Types(schema) switch
        {
            var t when t.Contains("null") && (t.Count == 1 || random.Next(5) == 0) => null,
            var t when t.Contains("object") => ValidObject(schema),
            var t when t.Contains("array") => ValidArray(schema),
            var t when t.Contains("string") => ValidString(schema),
            var t when t.Contains("integer") => ValidInteger(schema),
            var t when t.Contains("boolean") => random.Next(2) == 0,
            _ => new JsonObject(),
        };
    }

    /// <summary>A value that breaks exactly one documented rule, and the field the 400 must name.</summary>
    public (JsonObject Body, string Field, string Rule) Invalid(JsonNode schemaNode, JsonObject valid)
    {
        var candidates = new List<(JsonObject Target, string Property, string Field, JsonObject Schema, bool Required)>();
        Collect(contract.Resolve(schemaNode), valid, "", candidates);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var (target, property, field, schema, required) = candidates[random.Next(candidates.Count)];
            var breaking = Breakers(schema, required).ToList();
            if (breaking.Count == 0) continue;
            var (rule, value, remove) = breaking[random.Next(breaking.Count)];
            var body = valid.DeepClone().AsObject();
            var copy = Locate(body, valid, target);
            if (remove) copy.Remove(property);
            else copy[property] = value;
            return (body, field, rule);
        }
        throw new InvalidOperationException("no rule to break in this schema");
    }

    /// <summary>A value of the query parameter's schema, as it goes on the wire.</summary>
    public string? QueryValue(JsonObject schema) => Valid(schema) switch
    {
        null => null,
        JsonValue v => v.ToString(),
        // Array parameters are documented comma-separated (style form, explode false).
        JsonArray a => string.Join(",", a.Select(v => v!.ToString())),
        var other => other.ToJsonString(),
    };

    /// <summary>A query value that breaks the parameter's schema.</summary>
    public (string Value, string Rule) InvalidQueryValue(JsonObject schema)
    {
        var options = new List<(string, string)>();
        if (schema["enum"] is not null || schema["items"]?["enum"] is not null) options.Add(("not-a-key", "enum"));
        if (Types(schema).Contains("integer"))
        {
            options.Add(("abc", "type"));
            if (schema["minimum"] is { } min) options.Add(((min.GetValue<long>() - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "minimum"));
            if (schema["maximum"] is { } max) options.Add(((max.GetValue<long>() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "maximum"));
        }
        if (schema["maxLength"] is { } maxLength) options.Add((new string('x', maxLength.GetValue<int>() + 1), "maxLength"));
        return options[random.Next(options.Count)];
    }

    private JsonObject ValidObject(JsonObject schema)
    {
        var result = new JsonObject();
        var required = (schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).ToHashSet();
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
            if (required.Contains(name) || random.Next(2) == 0)
                result[name] = Valid(property!);
        return result;
    }

    private JsonArray ValidArray(JsonObject schema)
    {
        var min = schema["minItems"]?.GetValue<int>() ?? 0;
        var max = Math.Min(schema["maxItems"]?.GetValue<int>() ?? 3, Math.Max(min, 3));
        var array = new JsonArray();
        var count = random.Next(min, max + 1);
        for (var i = 0; i < count; i++) array.Add(Valid(schema["items"]!));
        if (schema["contains"] is { } contains) array.Add(Valid(contains));
        return array;
    }

    private JsonNode ValidString(JsonObject schema)
    {
        var pattern = schema["pattern"]?.GetValue<string>();
        if (pattern is not null && pattern != @"\S") return FromPattern(pattern);
        var min = Math.Max(schema["minLength"]?.GetValue<int>() ?? 0, pattern is null ? 0 : 1);
        var max = Math.Min(schema["maxLength"]?.GetValue<int>() ?? 40, 2000);
        // The boundaries are where validation code goes wrong; otherwise short strings.
        var length = random.Next(6) switch { 0 => min, 1 => max, _ => random.Next(min, Math.Min(max, min + 30) + 1) };
        var text = new StringBuilder();
        if (pattern is not null && length > 0) text.Append('x'); // \S: not only whitespace
        while (text.Length < length)
        {
            var piece = Pieces[random.Next(Pieces.Length)];
            text.Append(text.Length + piece.Length <= length ? piece : "q");
        }
        return text.ToString();
    }

    private JsonNode ValidInteger(JsonObject schema)
    {
        var min = schema["minimum"]?.GetValue<long>() ?? 0;
        var max = schema["maximum"]?.GetValue<long>() ?? min + 1_000_000_000_000;
        return random.Next(5) switch
        {
            0 => min,
            1 => max,
            _ => min + (long)(random.NextDouble() * (max - min)),
        };
    }

    /// <summary>The two pattern forms the document uses: case-insensitive words (<c>^([Aa][Ss][Cc]|…)$</c>, maybe
    /// preceded by <c>^$|</c>) and <c>\S</c>.</summary>
    private string FromPattern(string pattern)
    {
        if (pattern.StartsWith("^$|", StringComparison.Ordinal))
        {
            if (random.Next(4) == 0) return "";
            pattern = pattern[3..];
        }
        var words = pattern.TrimStart('^', '(').TrimEnd('$', ')').Split('|');
        return CaseClass().Replace(words[random.Next(words.Length)], m => random.Next(2) == 0 ? m.Groups[1].Value : m.Groups[2].Value);
    }

    [GeneratedRegex(@"\[(.)(.)\]")]
    private static partial Regex CaseClass();

    private void Collect(JsonObject schema, JsonObject value, string prefix, List<(JsonObject, string, string, JsonObject, bool)> into)
    {
        var required = (schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).ToHashSet();
        foreach (var (name, propertyNode) in schema["properties"]?.AsObject() ?? [])
        {
            var property = contract.Resolve(propertyNode!);
            into.Add((value, name, prefix + name, property, required.Contains(name)));
            var inner = value[name];
            var objectSchema = property["oneOf"] is JsonArray choices
                ? choices.Select(c => contract.Resolve(c!)).FirstOrDefault(c => c["properties"] is not null) : property;
            if (inner is JsonObject child && objectSchema?["properties"] is not null)
                Collect(objectSchema, child, $"{prefix}{name}.", into);
            if (inner is JsonArray { Count: > 0 } items && items[0] is JsonObject first && property["items"] is { } itemSchema)
                Collect(contract.Resolve(itemSchema), first, $"{prefix}{name}[0].", into);
        }
    }

    /// <summary>Ways to break one property's schema (only rules the server is documented to enforce).</summary>
    private IEnumerable<(string Rule, JsonNode? Value, bool Remove)> Breakers(JsonObject schema, bool required)
    {
        var types = Types(schema);
        if (required) yield return ("required", null, true);
        if (required && !types.Contains("null")) yield return ("required, sent as null", null, false);
        if (schema["oneOf"] is JsonArray choices)
        {
            yield return choices.Any(c => Types(contract.Resolve(c!)).Contains("object")) ? ("type", "not-an-object", false) : ("oneOf", "maybe", false);
            yield break;
        }
        if (schema["enum"] is not null) yield return ("enum", "not-a-key", false);
        if (types.Contains("string"))
        {
            yield return ("type", 12345, false);
            if (schema["maxLength"] is { } max) yield return ("maxLength", new string('x', max.GetValue<int>() + 1), false);
            if (schema["minLength"] is not null) yield return ("minLength", "", false);
            if (schema["pattern"]?.GetValue<string>() is { } pattern) yield return ("pattern", pattern == @"\S" ? "   " : "zz-not-matching", false);
        }
        if (types.Contains("integer"))
        {
            yield return ("type", "abc", false);
            if (schema["minimum"] is { } min) yield return ("minimum", min.GetValue<long>() - 1, false);
        }
        if (types.Contains("array"))
        {
            yield return ("type", "not-an-array", false);
            if (schema["maxItems"] is { } maxItems)
                yield return ("maxItems", new JsonArray([.. Enumerable.Range(0, maxItems.GetValue<int>() + 1).Select(i => (JsonNode?)$"v{i}")]), false);
        }
        if (types.Contains("object")) yield return ("type", "not-an-object", false);
    }

    private static JsonObject Locate(JsonObject copy, JsonObject original, JsonObject target)
    {
        if (ReferenceEquals(original, target)) return copy;
        foreach (var (name, child) in original)
        {
            if (child is JsonObject o && FindIn(o, target) && copy[name] is JsonObject c) return Locate(c, o, target);
            if (child is JsonArray { Count: > 0 } a && a[0] is JsonObject first && FindIn(first, target) && copy[name]![0] is JsonObject cf)
                return Locate(cf, first, target);
        }
        throw new InvalidOperationException("target not found");
    }

    private static bool FindIn(JsonObject root, JsonObject target) =>
        ReferenceEquals(root, target) || root.Any(p =>
            (p.Value is JsonObject o && FindIn(o, target)) || (p.Value is JsonArray { Count: > 0 } a && a[0] is JsonObject f && FindIn(f, target)));

    private static List<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonArray many => [.. many.Select(t => t!.GetValue<string>())],
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };

    private JsonNode? Pick(JsonArray array) => array[random.Next(array.Count)];
}
