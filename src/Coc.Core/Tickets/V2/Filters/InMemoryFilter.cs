using System.Globalization;

namespace Coc.Core.Tickets.V2.Filters;

/// <summary>Evaluates a condition on one item whose field values <c>valueOf</c> gives (null: the item has none).</summary>
public static class InMemoryFilter
{
    public static bool Matches(Condition? condition, Func<FilterField, string?> valueOf) => condition switch
    {
        null => true,
        AllOf all => all.Parts.All(p => Matches(p, valueOf)),
        AnyOf any => any.Parts.Any(p => Matches(p, valueOf)),
        Match m => Matches(m.Filter, valueOf(m.Filter.Field)),
        _ => false,
    };

    private static bool Matches(Filter f, string? value)
    {
        if (value is null) return f.Operator == "!=";
        var comparison = f.Field.Kind == FieldKind.Text ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return f.Operator switch
        {
            "=" or "in" => f.Values.Any(v => string.Equals(value, v, comparison)),
            "!=" => !f.Values.Any(v => string.Equals(value, v, comparison)),
            "like" => f.Values.Any(v => value.Contains(v, comparison)),
            "startwith" => f.Values.Any(v => value.StartsWith(v, comparison)),
            "endwith" => f.Values.Any(v => value.EndsWith(v, comparison)),
            _ => Compare(f.Operator, long.Parse(value, CultureInfo.InvariantCulture), f.Times.Single()),
        };
    }

    private static bool Compare(string op, long value, long bound) => op switch
    {
        ">" => value > bound,
        "<" => value < bound,
        ">=" => value >= bound,
        "<=" => value <= bound,
        _ => false,
    };
}
