namespace Coc.Core.Alarms;

/// <summary>A converged alarm (alarms.md, The alarm). Changed only inside the write that applies an event or a request.</summary>
public sealed record Alarm
{
    public const string Alarming = "alarming";
    public const string Resolved = "resolved";
    public const string BySource = "source";
    public const string Manually = "manual";
    public const int MaxConvergeCount = 100_000;

    public required string Id { get; init; }
    public required string Project { get; init; }
    public required string IntegrationId { get; init; }
    public required string IntegrationType { get; init; }
    public required string IntegrationName { get; init; }
    public required string SourceKey { get; init; }
    public required string GroupKey { get; init; }
    public required string Name { get; init; }
    public required string Importance { get; init; }
    public required string ComeFrom { get; init; }
    public string? App { get; init; }
    public required string Status { get; init; }
    public string? Owner { get; init; }
    public required int ConvergeCount { get; init; }
    public string? IncidentNum { get; init; }
    /// <summary>When it was linked to <see cref="IncidentNum"/>: the incident lists its alarms in linking order.</summary>
    public long? LinkedAt { get; init; }
    public required long CreateTime { get; init; }
    public required long UpdateTime { get; init; }
    public string? Remarks { get; init; }
    public string? Region { get; init; }
    public string? TaskType { get; init; }
    public string? AssociatedTaskType { get; init; }
    public string? AssociatedTaskId { get; init; }
    public string? AssociatedTaskName { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    public string? Description { get; init; }
    public string? Namespace { get; init; }
    public string? ResourceId { get; init; }
    public string? ResourceName { get; init; }
    public string? Url { get; init; }
    /// <summary>The custom event's <c>additional</c>, compact JSON as given.</summary>
    public string? AdditionalJson { get; init; }
    public required long FirstOccurTime { get; init; }
    public required long LastOccurTime { get; init; }
    public long? ResolvedTime { get; init; }
    public string? ResolvedBy { get; init; }
    public string? ResolvedByName { get; init; }
    public long? TruncatedAlerts { get; init; }
    public ClearInfo? ClearInfo { get; init; }
    /// <summary>Why the last automatic transfer was refused; a FAILED entry is written again only when it changes.</summary>
    public string? TransferFailure { get; init; }

    [System.Text.Json.Serialization.JsonIgnore] public bool IsAlarming => Status == Alarming;
}

public sealed record ClearInfo(bool IsServiceInterrupt, long? StartTime, long? FaultRecoveryTime);

/// <summary>One handle-history entry of an alarm (auto-process records and transfers).</summary>
public sealed record AlarmHandleEntry
{
    public const string Transfer = "TRANSFER";
    public const string Finished = "FINISHED";
    public const string Failed = "FAILED";
    public const string Recorded = "RECORDED";

    public string? WorkOrderId { get; init; }
    public string? CreateName { get; init; }
    public required string TaskType { get; init; }
    public required long StartTime { get; init; }
    public required long EndTime { get; init; }
    public required string Status { get; init; }
    public string? AssociatedTaskId { get; init; }
    public string? AssociatedTaskName { get; init; }
    public string? AssociatedTaskType { get; init; }
    public string? SubTaskInfoJson { get; init; }
    public string? Message { get; init; }

    [System.Text.Json.Serialization.JsonIgnore] public long Duration => EndTime - StartTime;
}
