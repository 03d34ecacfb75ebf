using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coc.Core.Errors;

namespace Coc.Core.Alarms;

/// <summary>Strict readers for the event payloads: wrong types, lengths and formats are 400 naming the field.</summary>
internal static partial class PayloadFields
{
    public static JsonElement Required(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) throw CocErrors.Required(path);
        return v;
    }

    public static string String(JsonElement obj, string name, string path, int min, int max)
    {
        var v = Required(obj, name, path);
        return CheckString(v, path, min, max);
    }

    public static string? OptionalString(JsonElement obj, string name, string path, int max)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return CheckString(v, path, 0, max);
    }

    public static string CheckString(JsonElement v, string path, int min, int max)
    {
        if (v.ValueKind != JsonValueKind.String) throw CocErrors.Invalid($"{path} must be a string");
        var s = v.GetString()!;
        if (s.Length < min || s.Length > max)
            throw CocErrors.Invalid(min == 0 ? $"{path} must be at most {max} characters" : $"{path} must be {min} to {max} characters");
        return s;
    }

    /// <summary>An object of string → string with <paramref name="min"/>..<paramref name="max"/> entries.</summary>
    public static IReadOnlyDictionary<string, string> StringMap(
        JsonElement obj, string name, string path, int min, int max, Func<string, bool> validName, string nameRule, int maxName, int maxValue)
    {
        var v = Required(obj, name, path);
        if (v.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid($"{path} must be an object of strings");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
        {
            if (map.Count == max) throw CocErrors.Invalid($"{path} must have at most {max} entries");
            if (p.Name.Length == 0 || p.Name.Length > maxName || !validName(p.Name))
                throw CocErrors.Invalid($"{path}: the name '{Shown(p.Name)}' must be {nameRule}");
            if (p.Value.ValueKind != JsonValueKind.String) throw CocErrors.Invalid($"{path}.{Shown(p.Name)} must be a string");
            var value = p.Value.GetString()!;
            if (value.Length > maxValue) throw CocErrors.Invalid($"{path}.{Shown(p.Name)} must be at most {maxValue} characters");
            map[p.Name] = value;
        }
        if (map.Count < min) throw CocErrors.Invalid($"{path} must have at least {min} entr{(min == 1 ? "y" : "ies")}");
        return map;
    }

    private static string Shown(string name) => name.Length > 64 ? name[..64] + "…" : name;

    public static bool IsLabelName(string name) => LabelName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();

    /// <summary>Go's RFC3339Nano (any fraction, Z or an offset) to ms; Go's zero time (year 1) is null: unset.</summary>
    public static long? Rfc3339Ms(JsonElement obj, string name, string path)
    {
        var text = String(obj, name, path, 1, 64);
        var m = Rfc3339().Match(text);
        if (!m.Success) throw CocErrors.Invalid($"{path} must be an RFC 3339 time, e.g. 2026-11-22T20:55:03.123Z");
        if (text.StartsWith("0001-01-01T00:00:00", StringComparison.Ordinal) && m.Groups[8].Value == "Z") return null;
        if (!DateTime.TryParseExact(text[..19], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var local))
            throw CocErrors.Invalid($"{path} is not a valid date and time");
        var offset = TimeSpan.Zero;
        if (m.Groups[8].Value != "Z")
        {
            var zone = m.Groups[8].Value;
            var hours = int.Parse(zone[1..3], CultureInfo.InvariantCulture);
            var minutes = int.Parse(zone[4..6], CultureInfo.InvariantCulture);
            if (hours > 23 || minutes > 59) throw CocErrors.Invalid($"{path} has an invalid offset");
            offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        }
        var fraction = m.Groups[7].Success ? int.Parse(m.Groups[7].Value.PadRight(3, '0')[..3], CultureInfo.InvariantCulture) : 0;
        var ms = new DateTimeOffset(local, TimeSpan.Zero).ToUnixTimeMilliseconds() - (long)offset.TotalMilliseconds + fraction;
        if (ms < 0 || ms > Json.JsonFields.MaxTime) throw CocErrors.Invalid($"{path} must lie between 1970 and the end of year 9999");
        return ms;
    }
}
