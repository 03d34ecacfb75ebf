namespace Coc.Core.Webhooks;

/// <summary>
/// A subscription's <c>event_types</c>: <c>["*"]</c> (every type) or a list of known types. Stored as <c>*</c> or as
/// <c>,type,type,</c>, so that the fan-out in a change's transaction matches a type with one LIKE.
/// </summary>
public static class EventTypeFilter
{
    public const string Everything = "*";

    /// <summary>Validates a list; null or empty means every type. Throws <see cref="ArgumentException"/> naming the bad type.</summary>
    public static IReadOnlyList<string> Parse(IEnumerable<string>? types)
    {
        var list = (types ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0 || list.Contains(Everything)) return [Everything];
        foreach (var t in list)
            if (!EventTypes.IsKnown(t)) throw new ArgumentException($"unknown event type {t}");
        return list;
    }

    public static IReadOnlyList<string> Parse(string csv) =>
        Parse(csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static string Store(IReadOnlyList<string> types) =>
        types.Contains(Everything) ? Everything : "," + string.Join(',', types) + ",";

    public static IReadOnlyList<string> Load(string stored) =>
        stored == Everything ? [Everything] : stored.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether a stored list (see <see cref="Store"/>) wants <paramref name="type"/>.</summary>
    public static bool Wants(string stored, string type) =>
        stored == Everything || stored.Contains("," + type + ",", StringComparison.Ordinal);

    /// <summary>The LIKE pattern that finds <paramref name="type"/> in a stored list (with <c>ESCAPE '\'</c>).</summary>
    public static string LikePattern(string type) => "%," + type.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + ",%";
}
