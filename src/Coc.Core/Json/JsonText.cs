using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using Coc.Core.Errors;

namespace Coc.Core.Json;

/// <summary>
/// Checks that every property name and string of a parsed document is text: System.Text.Json parses invalid
/// UTF-8 and lone surrogate escapes (<c>"\udc00"</c>) without complaint and only throws when the value is read.
/// NUL is refused too: PostgreSQL cannot store it and no field of the API has a use for it.
/// </summary>
public static class JsonText
{
    /// <summary>Throws a 400 naming the first field (e.g. <c>parameter.cause</c>, <c>values[1]</c>) that is not text.</summary>
    public static void Check(JsonElement root)
    {
        if (FindBad(root) is { } path) throw CocErrors.Invalid(path.Message());
    }

    private sealed record BadText(string Path, bool InName, bool Nul)
    {
        public string Message()
        {
            var what = InName ? $"a property name in {(Path.Length == 0 ? "the request body" : Path)}" : Path;
            return Nul ? $"{what} must not contain NUL (\\u0000)" : $"{what} is not valid text: invalid UTF-8 or an unpaired surrogate";
        }
    }

    private static BadText? FindBad(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
            {
                var raw = JsonMarshal.GetRawUtf8Value(element);
                return Problem(raw, raw.Contains((byte)'\\') ? element.GetString : null) is { } nul ? new BadText("", false, nul) : null;
            }
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    var raw = JsonMarshal.GetRawUtf8PropertyName(p);
                    if (Problem(raw, raw.Contains((byte)'\\') ? () => p.Name : null) is { } nul) return new BadText("", true, nul);
                    if (FindBad(p.Value) is { } inner) return inner with { Path = Join(Shortened(p.Name), inner.Path) };
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindBad(item) is { } inner) return inner with { Path = Join($"[{i}]", inner.Path) };
                    i++;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// null when the value is text; otherwise whether the fault is a NUL (true) or bad encoding (false). Raw bytes
    /// cannot hold a NUL (the parser refuses control characters), so only escaped values are decoded.
    /// </summary>
    private static bool? Problem(ReadOnlySpan<byte> raw, Func<string?>? decodeEscaped)
    {
        if (decodeEscaped is null) return Utf8.IsValid(raw) ? null : false;
        try
        {
            return decodeEscaped()!.Contains('\0') ? true : null;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Join(string outer, string inner) =>
        inner.Length == 0 ? outer : inner.StartsWith('[') ? outer + inner : outer + "." + inner;

    private static string Shortened(string name) => name.Length > 64 ? name[..64] + "…" : name;
}
