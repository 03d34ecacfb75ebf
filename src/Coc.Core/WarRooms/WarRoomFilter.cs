using Coc.Core.Json;

namespace Coc.Core.WarRooms;

/// <summary>The list's filters (warrooms.md, List), all AND-ed; null or empty = absent. <see cref="Nums"/> given: only
/// those, every other filter ignored.</summary>
public sealed record WarRoomFilter
{
    public static readonly long DefaultWindowMs = (long)TimeSpan.FromDays(30).TotalMilliseconds;

    public IReadOnlyList<string>? Nums { get; init; }
    public string? Num { get; init; }
    public string? IncidentNum { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string>? Regions { get; init; }
    public IReadOnlyList<string>? IncidentLevels { get; init; }
    public IReadOnlyList<string>? NotificationLevels { get; init; }
    public IReadOnlyList<string>? Applications { get; init; }
    public IReadOnlyList<string>? Admins { get; init; }
    public IReadOnlyList<string>? Statuses { get; init; }
    public IReadOnlyList<string>? CurrentUsers { get; init; }
    public IReadOnlyList<string>? EnterpriseProjects { get; init; }
    public long? TriggeredStart { get; init; }
    public long? TriggeredEnd { get; init; }
    public long? OccurStart { get; init; }
    public long? OccurEnd { get; init; }
    public long? RecoverStart { get; init; }
    public long? RecoverEnd { get; init; }

    public (long From, long To) TriggeredWindow(long now) => (TriggeredStart ?? now - DefaultWindowMs, TriggeredEnd ?? now);

    /// <summary>Whether <paramref name="w"/> matches; <paramref name="withStatus"/> false leaves out the status filter (the counts).</summary>
    public bool Matches(WarRoom w, bool withStatus)
    {
        if (Nums is { Count: > 0 }) return Nums.Contains(w.Num);
        var setup = w.EffectiveSetup;
        var recover = w.Incident.FaultRecoveryTime;
        return (Num is null || w.Num == Num)
            && (IncidentNum is null || w.IncidentNumber == IncidentNum)
            && (Title is null || setup.Title.Contains(Title, StringComparison.OrdinalIgnoreCase))
            && AnyIn(Regions, setup.Regions.Select(r => r.Code))
            && AnyIn(IncidentLevels, [w.Incident.Level])
            && AnyIn(NotificationLevels, [w.Incident.Level])
            && AnyIn(Applications, setup.Applications.Select(a => a.Id))
            && AnyIn(Admins, [setup.Admin])
            && (!withStatus || AnyIn(Statuses, [w.Status]))
            && AnyIn(CurrentUsers, [setup.Admin, .. setup.Participants, .. setup.Members])
            && AnyIn(EnterpriseProjects, [setup.EnterpriseProject])
            && Within(w.OccurTime, OccurStart, OccurEnd)
            // Not yet recovered matches any recover window (Terraform's test expects it).
            && (recover is null || Within(recover.Value, RecoverStart, RecoverEnd));
    }

    private static bool AnyIn(IReadOnlyList<string>? wanted, IEnumerable<string?> values) =>
        wanted is not { Count: > 0 } || values.Any(v => v is not null && wanted.Contains(v));

    private static bool Within(long value, long? start, long? end) => (start is null || value >= start) && (end is null || value <= end);

    /// <summary>The list fields that are arrays, read as warrooms.md limits them.</summary>
    public static IReadOnlyList<string>? List(JsonFields f, string field, int maxItems, int maxLength) =>
        f.OptionalStringArray(field, maxItems, maxLength) is { Count: > 0 } list ? list : null;
}
