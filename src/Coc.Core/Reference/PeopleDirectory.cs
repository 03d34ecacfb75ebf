namespace Coc.Core.Reference;

/// <summary>People and applications by id, and who is on duty for a schedule scene and role.</summary>
public sealed class PeopleDirectory(DirectoryData data)
{
    private readonly Dictionary<string, DirectoryEntry> _people = data.People.ToDictionary(p => p.Id, StringComparer.Ordinal);
    private readonly Dictionary<string, DirectoryEntry> _apps =
        (data.Applications ?? []).ToDictionary(a => a.Id, StringComparer.Ordinal);
    private readonly IReadOnlyList<ScheduleSlot> _schedules = data.Schedules ?? [];

    public IReadOnlyList<DirectoryEntry> People => data.People;
    public IReadOnlyList<DirectoryEntry> Applications => data.Applications ?? [];
    public IReadOnlyList<ScheduleSlot> Schedules => _schedules;

    public bool IsKnownPerson(string id) => _people.ContainsKey(id);

    /// <summary>Display names of a person; an id the directory does not know is its own name.</summary>
    public (string Zh, string En) PersonName(string id) =>
        _people.TryGetValue(id, out var p) ? (p.NameZh, p.NameEn) : (id, id);

    public (string Zh, string En) ApplicationName(string id) =>
        _apps.TryGetValue(id, out var a) ? (a.NameZh, a.NameEn) : (id, id);

    /// <summary>The people whose id or display name (either language) is <paramref name="text"/>, ignoring case.</summary>
    public IReadOnlyList<string> IdsNamed(string text) =>
        [.. data.People.Where(p => Same(p.Id, text) || Same(p.NameEn, text) || Same(p.NameZh, text)).Select(p => p.Id)];

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public string? OnDuty(string scene, string role) =>
        _schedules.FirstOrDefault(s => s.Scene == scene && s.Role == role)?.Person;
}
