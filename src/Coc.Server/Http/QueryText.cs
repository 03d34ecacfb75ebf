using Coc.Core.Errors;
using Coc.Core.Tickets;

namespace Coc.Server.Http;

/// <summary>A free-text query parameter (list filters, the IAM project name): bounded, and no control character.</summary>
public static class QueryText
{
    /// <returns>The value, or null when absent or empty.</returns>
    public static string? Optional(IQueryCollection query, string name)
    {
        var raw = query[name].ToString();
        if (raw.Length > FieldLimits.Text) throw CocErrors.Invalid($"{name} must be at most {FieldLimits.Text} characters");
        if (raw.Any(char.IsControl)) throw CocErrors.Invalid($"{name} must not contain control characters");
        return raw.Length == 0 ? null : raw;
    }
}
