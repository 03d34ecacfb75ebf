using System.Globalization;
using System.Text.Json;
using Coc.Core.Errors;
using Coc.Core.Json;

namespace Coc.Core.Tickets.V2.Filters;

/// <summary>
/// Reads <c>string_filters</c>, <c>int_filters</c>, <c>condition</c> and <c>sort_filter</c> of a v2 request
/// (v2.md, Filters) against a fixed set of fields; every refusal is a 400 naming the path of what it refuses.
/// </summary>
public sealed class FilterReader(IReadOnlyList<FilterField> fields)
{
    public const int MaxFilters = 20;
    public const int MaxValues = 1024;
    public const int MaxOperator = 20;
    public const int MaxName = 255;
    public const int MaxValue = 255;
    public const int MaxCondition = 10000;

    private readonly Dictionary<string, FilterField> _fields = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The request's filters combined: the condition, AND-ed with the filters it does not name; null = no filter.</summary>
    public Condition? Where(JsonElement body)
    {
        var filters = new List<Filter>();
        foreach (var list in (string[])["string_filters", "int_filters"]) filters.AddRange(List(body, list, MaxFilters));
        var text = new JsonFields(body).OptionalString("condition", MaxCondition);
        return Combine(filters, text);
    }

    /// <summary>One list of filters (all AND-ed), e.g. a count filter's; errors name it as <paramref name="prefix"/> + <paramref name="name"/>.</summary>
    public IReadOnlyList<Filter> List(JsonElement body, string name, int max, string prefix = "")
    {
        if (!body.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null) return [];
        if (list.ValueKind != JsonValueKind.Array) throw CocErrors.Invalid($"{prefix}{name} must be an array");
        if (list.GetArrayLength() > max) throw CocErrors.Invalid($"{prefix}{name} must have at most {max} items");
        return [.. list.EnumerateArray().Select((f, i) => Read(f, $"{prefix}{name}[{i}]"))];
    }

    public static Condition? Combine(IReadOnlyList<Filter> filters, string? condition)
    {
        if (string.IsNullOrWhiteSpace(condition))
            return filters.Count == 0 ? null : new AllOf([.. filters.Select(f => new Match(f))]);
        var named = new Dictionary<string, Filter>(StringComparer.Ordinal);
        foreach (var f in filters.Where(f => !string.IsNullOrEmpty(f.Name)))
            if (!named.TryAdd(f.Name!, f)) throw CocErrors.Invalid($"condition: the filter name {f.Name} is used twice");
        var (tree, used) = ConditionParser.Parse(condition, named);
        return new AllOf([tree, .. filters.Where(f => string.IsNullOrEmpty(f.Name) || !used.Contains(f.Name)).Select(f => new Match(f))]);
    }

    public SortOrder? Sort(JsonElement body)
    {
        if (!body.TryGetProperty("sort_filter", out var sort) || sort.ValueKind == JsonValueKind.Null) return null;
        if (sort.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid("sort_filter must be an object");
        var s = new JsonFields(sort, "sort_filter.");
        var name = s.RequiredString("field", MaxName);
        if (!_fields.TryGetValue(name, out var field) || !field.Sortable) throw CocErrors.Invalid($"sort_filter.field value[{name}] invalid");
        var op = s.RequiredString("operator", MaxOperator);
        return op.ToLowerInvariant() switch
        {
            "asc" => new SortOrder(field, false),
            "desc" => new SortOrder(field, true),
            _ => throw CocErrors.Invalid($"sort_filter.operator value[{op}] invalid"),
        };
    }

    private Filter Read(JsonElement item, string path)
    {
        if (item.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid($"{path} must be an object");
        var f = new JsonFields(item, path + ".");
        var name = f.RequiredString("field", MaxName);
        var op = f.RequiredString("operator", MaxOperator);
        var label = f.OptionalString("name", MaxName);
        if (!_fields.TryGetValue(name, out var field)) throw CocErrors.Invalid($"{path}.field value[{name}] invalid");
        var normalized = op.ToLowerInvariant();
        if (!field.Operators.Contains(normalized)) throw CocErrors.Invalid($"{path}.operator value[{op}] invalid");
        var values = Values(item, path, field);
        if (normalized is ">" or "<" or ">=" or "<=" && values.Count != 1)
            throw CocErrors.Invalid($"{path}.values must hold exactly one value for operator {op}");
        return new Filter(label, field, normalized, values, path);
    }

    private static List<string> Values(JsonElement item, string path, FilterField field)
    {
        if (!item.TryGetProperty("values", out var values) || values.ValueKind == JsonValueKind.Null) throw CocErrors.Required($"{path}.values");
        if (values.ValueKind != JsonValueKind.Array) throw CocErrors.Invalid($"{path}.values must be an array");
        var count = values.GetArrayLength();
        if (count is 0 or > MaxValues) throw CocErrors.Invalid($"{path}.values must have 1 to {MaxValues} items");
        var result = new List<string>(count);
        var i = 0;
        foreach (var v in values.EnumerateArray())
        {
            var at = $"{path}.values[{i++}]";
            var text = v.ValueKind switch
            {
                JsonValueKind.String => v.GetString()!,
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True or JsonValueKind.False when field.Kind == FieldKind.Boolean => v.GetRawText(),
                _ => throw CocErrors.Invalid($"{at} must be a string or a number"),
            };
            if (text.Length > MaxValue) throw CocErrors.Invalid($"{at} must be at most {MaxValue} characters");
            result.Add(field.Kind switch
            {
                FieldKind.Time => Time(text, at),
                FieldKind.Boolean => text.ToLowerInvariant() is "true" or "false" ? text.ToLowerInvariant()
                    : throw CocErrors.Invalid($"{at} value[{text}] invalid: true or false"),
                _ => text,
            });
        }
        return result;
    }

    private static string Time(string text, string at) =>
        text.Length is > 0 and <= 19 && text.All(char.IsAsciiDigit)
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= JsonFields.MaxTime
            ? ms.ToString(CultureInfo.InvariantCulture)
            : throw CocErrors.Invalid($"{at} value[{text}] invalid: a time in milliseconds");
}
