namespace Coc.Core.Reference;

/// <summary>The enumerations of api.md as data: a tenant may disable presets and add its own keys.</summary>
public sealed class Catalog(CatalogData data)
{
    public EnumSet Levels { get; } = new(data.Levels);
    public EnumSet Types { get; } = new(data.Types);
    public EnumSet Sources { get; } = new(data.Sources);
    public EnumSet Statuses { get; } = new(data.Statuses);
    public EnumSet Ownerships { get; } = new(data.Ownerships);

    /// <summary>Levels order by urgency: the earlier in the catalog, the more urgent (level_10 = P1).</summary>
    public bool IsMoreUrgent(string level, string than) => Levels.IndexOf(level) < Levels.IndexOf(than);
}

public sealed class EnumSet
{
    private readonly Dictionary<string, (NamedEntry Entry, int Index)> _byKey;

    public EnumSet(IReadOnlyList<NamedEntry> entries)
    {
        Entries = entries;
        _byKey = entries.Select((e, i) => (e, i)).ToDictionary(x => x.e.Key, x => (x.e, x.i), StringComparer.Ordinal);
    }

    public IReadOnlyList<NamedEntry> Entries { get; }
    public bool Contains(string key) => _byKey.ContainsKey(key);
    public NamedEntry? Find(string key) => _byKey.TryGetValue(key, out var e) ? e.Entry : null;
    public int IndexOf(string key) => _byKey.TryGetValue(key, out var e) ? e.Index : int.MaxValue;
}
