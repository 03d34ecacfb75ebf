namespace Coc.Core.Tickets.V2.Filters;

/// <summary>What a field holds decides its operators and how values compare (v2.md, Filters).</summary>
public enum FieldKind { Id, Text, Key, Boolean, Time }

public sealed record FilterField(string Name, FieldKind Kind, bool Sortable = false)
{
    public IReadOnlyList<string> Operators => Kind switch
    {
        FieldKind.Id or FieldKind.Text => ["=", "!=", "in", "like", "startwith", "endwith"],
        FieldKind.Key => ["=", "!=", "in"],
        FieldKind.Boolean => ["=", "!="],
        FieldKind.Time => ["=", "!=", ">", "<", ">=", "<="],
        _ => [],
    };
}

/// <summary>One filter as read: its operator lower-cased, its values as strings (times and booleans normalised).</summary>
public sealed record Filter(string? Name, FilterField Field, string Operator, IReadOnlyList<string> Values, string Path)
{
    public IEnumerable<long> Times => Values.Select(long.Parse);
}

/// <summary>The filters combined as the condition says: a tree of AND and OR over filters.</summary>
public abstract record Condition;

public sealed record Match(Filter Filter) : Condition;

public sealed record AllOf(IReadOnlyList<Condition> Parts) : Condition;

public sealed record AnyOf(IReadOnlyList<Condition> Parts) : Condition;

public sealed record SortOrder(FilterField Field, bool Descending);
