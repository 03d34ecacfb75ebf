namespace Coc.Testing.Support.Monitoring;

/// <summary>An alert as a test posts it to Alertmanager. Alertmanager identifies it by its labels (the fingerprint);
/// keep the same instance to fire and to resolve it, so that both carry the same <see cref="StartsAt"/>.</summary>
public sealed record AlertmanagerAlert(IReadOnlyDictionary<string, string> Labels)
{
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset StartsAt { get; init; } = DateTimeOffset.UtcNow;
    public string GeneratorUrl { get; init; } = "";

    /// <summary>An alert with <c>alertname</c> <paramref name="name"/> and the other labels given as name/value pairs.</summary>
    public static AlertmanagerAlert Named(string name, params (string Name, string Value)[] labels)
    {
        var all = new Dictionary<string, string> { ["alertname"] = name };
        foreach (var (label, value) in labels) all[label] = value;
        return new AlertmanagerAlert(all);
    }
}
