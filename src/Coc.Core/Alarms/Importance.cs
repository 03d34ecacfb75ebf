namespace Coc.Core.Alarms;

/// <summary>Alarm importance (alarms.md): <c>urgent</c> &gt; <c>major</c> &gt; <c>minor</c> &gt; <c>warn</c>.</summary>
public static class Importance
{
    public const string Urgent = "urgent";
    public const string Major = "major";
    public const string Minor = "minor";
    public const string Warn = "warn";

    public static readonly IReadOnlyList<string> All = [Urgent, Major, Minor, Warn];

    public static bool IsKnown(string? value) => value is Urgent or Major or Minor or Warn;

    /// <summary>A custom event's <c>alarmLevel</c>, any case; null when it is not one of the four.</summary>
    public static string? OfCustomLevel(string level) => level.ToLowerInvariant() switch
    {
        "critical" => Urgent,
        "major" => Major,
        "minor" => Minor,
        "info" => Warn,
        _ => null,
    };

    public static readonly IReadOnlyDictionary<string, string> DefaultSeverityMap = new Dictionary<string, string>
    {
        ["critical"] = Urgent, ["major"] = Major, ["minor"] = Minor, ["warning"] = Warn, ["info"] = Warn,
    };
}
