namespace Coc.Core.Alarms;

/// <summary>One validated event of a payload, in the terms of the alarm it converges into.</summary>
/// <param name="SourceKey">The identity within the integration: the fingerprint or the alarmId.</param>
/// <param name="GroupKey">The transfer group: the payload's groupKey or the alarmId.</param>
/// <param name="OccurredAt">startsAt / time, in ms.</param>
/// <param name="EndedAt">endsAt (null when unset) / time, in ms.</param>
public sealed record AlarmEvent(
    string SourceKey,
    string GroupKey,
    bool Firing,
    string Name,
    string? Description,
    string Importance,
    string ComeFrom,
    long OccurredAt,
    long? EndedAt)
{
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    public string? Application { get; init; }
    public string? Region { get; init; }
    public string? Namespace { get; init; }
    public string? ResourceId { get; init; }
    public string? ResourceName { get; init; }
    public string? Url { get; init; }
    public string? AdditionalJson { get; init; }
    public long? TruncatedAlerts { get; init; }
}
