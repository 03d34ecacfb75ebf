namespace Coc.Core.Alarms;

/// <summary>A source of events in one project (alarms.md, Integrations). Its key is kept only as <see cref="KeyHash"/>.</summary>
public sealed record Integration
{
    public required string Id { get; init; }
    public required string Project { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required bool Enabled { get; init; }
    public required string KeyHash { get; init; }
    public required string KeyHint { get; init; }
    public required TransferRule Rule
    {
        get => _rule;
        init { _rule = value; _storedRuleJson = null; }
    }

    /// <summary>The rule's JSON exactly as read from storage (null once <see cref="Rule"/> is set anew): what a delivery's
    /// write compares the row with to know the integration did not change since it was read.</summary>
    internal string? StoredRuleJson { get => _storedRuleJson; init => _storedRuleJson = value; }

    private TransferRule _rule = null!;
    private string? _storedRuleJson;
    public required long CreatedAt { get; init; }
    public required long UpdatedAt { get; init; }
    public long? LastEventAt { get; init; }

    public const int MaxName = 64;

    /// <summary>How history entries name what acted (auth.md, <c>integration:&lt;name&gt;</c>).</summary>
    public string Principal => "integration:" + Name;
}

/// <summary>An integration as created or rotated: the only time its key is known.</summary>
public sealed record IntegrationWithKey(Integration Integration, string Key)
{
    public string IngestPath => IntegrationKeys.IngestPath(Integration.Type, Key);
}
