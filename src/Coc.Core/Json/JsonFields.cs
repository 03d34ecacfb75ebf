using System.Globalization;
using System.Text.Json;
using Coc.Core.Errors;
using Coc.Core.Tickets;

namespace Coc.Core.Json;

/// <summary>
/// Reads the fields of one JSON object, validating as it goes. Every failure is a 400 naming the field
/// (with <see cref="Prefix"/>, e.g. <c>parameter.cause</c>). For required and either-or rules an empty
/// string, <c>[""]</c> and <c>[]</c> count as absent (api.md).
/// </summary>
public readonly struct JsonFields
{
    private readonly JsonElement _object;

    public JsonFields(JsonElement obj, string prefix = "")
    {
        _object = obj;
        Prefix = prefix;
    }

    public string Prefix { get; }

    /// <summary>Parameter values may come as strings (the Terraform provider sends every value as one).</summary>
    public bool Lenient { get; init; }

    public string Name(string field) => Prefix + field;

    public string? OptionalString(string field, int maxLength = FieldLimits.Text)
    {
        if (!_object.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw CocErrors.Invalid($"{Name(field)} must be a string");
        var s = v.GetString()!;
        if (s.Length > maxLength) throw CocErrors.Invalid($"{Name(field)} must be at most {maxLength} characters");
        return s;
    }

    public string RequiredString(string field, int maxLength = FieldLimits.Text)
    {
        var s = OptionalString(field, maxLength);
        if (string.IsNullOrEmpty(s)) throw CocErrors.Required(Name(field));
        return s;
    }

    /// <summary>Free text (a cause, a comment, a note): as <see cref="OptionalString"/>, but text of only whitespace
    /// is 400, so nothing reads as said that was not (an empty string still counts as absent).</summary>
    public string? OptionalText(string field, int maxLength)
    {
        var s = OptionalString(field, maxLength);
        if (s is { Length: > 0 } && string.IsNullOrWhiteSpace(s)) throw CocErrors.Invalid($"{Name(field)} must not be blank");
        return s;
    }

    public string RequiredText(string field, int maxLength)
    {
        var s = OptionalText(field, maxLength);
        if (string.IsNullOrEmpty(s)) throw CocErrors.Required(Name(field));
        return s;
    }

    /// <summary>A key of <paramref name="allowed"/>; an unknown key is 400 in the documented form.</summary>
    public string? OptionalKey(string field, Func<string, bool> allowed)
    {
        var s = OptionalString(field);
        if (string.IsNullOrEmpty(s)) return s;
        if (!allowed(s)) throw CocErrors.InvalidValue(Name(field), s);
        return s;
    }

    public string RequiredKey(string field, Func<string, bool> allowed)
    {
        var s = OptionalKey(field, allowed);
        if (string.IsNullOrEmpty(s)) throw CocErrors.Required(Name(field));
        return s;
    }

    /// <summary>A JSON boolean, or the strings "true" / "false" (any case).</summary>
    public bool? OptionalBoolean(string field, bool allowString = false)
    {
        if (!_object.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        switch (v.ValueKind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String when allowString || Lenient:
                var s = v.GetString();
                if (string.Equals(s, "true", StringComparison.OrdinalIgnoreCase)) return true;
                if (string.Equals(s, "false", StringComparison.OrdinalIgnoreCase)) return false;
                if (string.IsNullOrEmpty(s)) return null;
                break;
        }
        throw CocErrors.Invalid($"{Name(field)} must be a boolean (true or false)");
    }

    public bool RequiredBoolean(string field, bool allowString = false) =>
        OptionalBoolean(field, allowString) ?? throw CocErrors.Required(Name(field));

    /// <summary>The last millisecond of year 9999 (UTC): later times overflow date arithmetic and mean nothing here.</summary>
    public const long MaxTime = 253_402_300_799_999;

    /// <summary>
    /// Milliseconds since the Unix epoch: an integer from 0 to <see cref="MaxTime"/> (or, when lenient, a digit
    /// string); <c>-0</c> counts as negative.
    /// </summary>
    public long? OptionalTime(string field)
    {
        if (!_object.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        long value;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out value))
        {
            if (value == 0 && System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(v)[0] == (byte)'-')
                throw CocErrors.Invalid($"{Name(field)} must not be negative");
        }
        else if (v.ValueKind == JsonValueKind.String && Lenient && v.GetString() is { Length: > 0 and <= 19 } s
                 && s.All(char.IsAsciiDigit) && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value)) { }
        else if (v.ValueKind == JsonValueKind.String && Lenient && v.GetString() is "") return null;
        else throw CocErrors.Invalid($"{Name(field)} must be an integer time in milliseconds");
        if (value < 0) throw CocErrors.Invalid($"{Name(field)} must not be negative");
        if (value > MaxTime) throw CocErrors.Invalid($"{Name(field)} must be at most {MaxTime} (the end of year 9999)");
        return value;
    }

    /// <summary>A JSON integer from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public long? OptionalInteger(string field, long min, long max)
    {
        if (!_object.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var value) || value < min || value > max)
            throw CocErrors.Invalid($"{Name(field)} must be an integer from {min} to {max}");
        return value;
    }

    public long RequiredTime(string field) => OptionalTime(field) ?? throw CocErrors.Required(Name(field));

    /// <summary>An array of strings with at most <paramref name="maxItems"/> items, each at most 255 characters.</summary>
    public IReadOnlyList<string>? OptionalStringArray(string field, int maxItems = FieldLimits.ListItems, int maxLength = FieldLimits.Text)
    {
        if (!_object.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Array) throw CocErrors.Invalid($"{Name(field)} must be an array of strings");
        var count = v.GetArrayLength();
        if (count > maxItems)
            throw CocErrors.Invalid($"{Name(field)} must have at most {maxItems} item{(maxItems == 1 ? "" : "s")}");
        var items = new string[count];
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw CocErrors.Invalid($"{Name(field)}[{i}] must be a string");
            var s = item.GetString()!;
            if (s.Length > maxLength) throw CocErrors.Invalid($"{Name(field)}[{i}] must be at most {maxLength} characters");
            items[i++] = s;
        }
        return items;
    }

    /// <summary>The first non-empty item of a list, or null: how required and either-or rules see a list.</summary>
    public static string? FirstValue(IReadOnlyList<string>? list) => list?.FirstOrDefault(s => s.Length > 0);
}
