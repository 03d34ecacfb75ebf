using System.Text.Json;
using System.Text.Json.Serialization;
using Coc.Core.Reference;

namespace Coc.Core.Alarms;

// The alarm in its wire shape (alarms.md, The alarm): the alarm API answers it, and alarm events carry it as data.alarm
// (outbound.md, Events), so it lives here, where the alarm store's transaction can render it.

/// <summary><c>AlarmInfoDTO</c> [sdk], every key present, then ours.</summary>
public sealed record AlarmInfo
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("importance")] public required string Importance { get; init; }
    [JsonPropertyName("come_from")] public required string ComeFrom { get; init; }
    [JsonPropertyName("come_from_en")] public required string ComeFromEn { get; init; }
    [JsonPropertyName("transfer_rule")] public required string TransferRule { get; init; }
    [JsonPropertyName("transfer_rule_name")] public required string TransferRuleName { get; init; }
    [JsonPropertyName("app")] public required string? App { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("owner")] public required string? Owner { get; init; }
    [JsonPropertyName("owner_name")] public required string? OwnerName { get; init; }
    [JsonPropertyName("owner_alias")] public string? OwnerAlias { get; init; }
    [JsonPropertyName("converge_count")] public required int ConvergeCount { get; init; }
    [JsonPropertyName("associate_event_id")] public required string? AssociateEventId { get; init; }
    [JsonPropertyName("domain_id")] public required string DomainId { get; init; }
    [JsonPropertyName("creator")] public string? Creator { get; init; }
    [JsonPropertyName("creator_name")] public string? CreatorName { get; init; }
    [JsonPropertyName("create_time")] public required long CreateTime { get; init; }
    [JsonPropertyName("update_time")] public required long UpdateTime { get; init; }
    [JsonPropertyName("remarks")] public required string? Remarks { get; init; }
    [JsonPropertyName("region")] public required string? Region { get; init; }
    [JsonPropertyName("task_type")] public required string? TaskType { get; init; }
    [JsonPropertyName("associated_task_type")] public required string? AssociatedTaskType { get; init; }
    [JsonPropertyName("associated_task_id")] public required string? AssociatedTaskId { get; init; }
    [JsonPropertyName("associated_task_name")] public required string? AssociatedTaskName { get; init; }
    [JsonPropertyName("integration_id")] public required string IntegrationId { get; init; }
    [JsonPropertyName("integration_type")] public required string IntegrationType { get; init; }
    [JsonPropertyName("source_key")] public required string SourceKey { get; init; }
    [JsonPropertyName("group_key")] public required string GroupKey { get; init; }
    [JsonPropertyName("labels")] public required IReadOnlyDictionary<string, string>? Labels { get; init; }
    [JsonPropertyName("annotations")] public required IReadOnlyDictionary<string, string>? Annotations { get; init; }
    [JsonPropertyName("description")] public required string? Description { get; init; }
    [JsonPropertyName("namespace")] public required string? Namespace { get; init; }
    [JsonPropertyName("resource_id")] public required string? ResourceId { get; init; }
    [JsonPropertyName("resource_name")] public required string? ResourceName { get; init; }
    [JsonPropertyName("url")] public required string? Url { get; init; }
    [JsonPropertyName("additional")] public required JsonElement? Additional { get; init; }
    [JsonPropertyName("first_occur_time")] public required long FirstOccurTime { get; init; }
    [JsonPropertyName("last_occur_time")] public required long LastOccurTime { get; init; }
    [JsonPropertyName("resolved_time")] public required long? ResolvedTime { get; init; }
    [JsonPropertyName("resolved_by")] public required string? ResolvedBy { get; init; }
    [JsonPropertyName("truncated_alerts")] public required long? TruncatedAlerts { get; init; }
    [JsonPropertyName("clear_info")] public required ClearInfoData? ClearInfo { get; init; }

    /// <summary>The stored alarm as the API shows it (the owner's name from the directory).</summary>
    public static AlarmInfo Of(Alarm a, PeopleDirectory directory) => new()
    {
        Id = a.Id,
        Name = a.Name,
        Importance = a.Importance,
        ComeFrom = a.ComeFrom,
        ComeFromEn = a.ComeFrom,
        TransferRule = a.IntegrationId,
        TransferRuleName = a.IntegrationName,
        App = a.App,
        Status = a.Status,
        Owner = a.Owner,
        OwnerName = a.Owner is { } owner ? directory.PersonName(owner).En : null,
        ConvergeCount = a.ConvergeCount,
        AssociateEventId = a.IncidentNum,
        DomainId = a.Project,
        CreateTime = a.CreateTime,
        UpdateTime = a.UpdateTime,
        Remarks = a.Remarks,
        Region = a.Region,
        TaskType = a.TaskType,
        AssociatedTaskType = a.AssociatedTaskType,
        AssociatedTaskId = a.AssociatedTaskId,
        AssociatedTaskName = a.AssociatedTaskName,
        IntegrationId = a.IntegrationId,
        IntegrationType = a.IntegrationType,
        SourceKey = a.SourceKey,
        GroupKey = a.GroupKey,
        Labels = a.Labels,
        Annotations = a.Annotations,
        Description = a.Description,
        Namespace = a.Namespace,
        ResourceId = a.ResourceId,
        ResourceName = a.ResourceName,
        Url = a.Url,
        Additional = a.AdditionalJson is { } additional ? JsonDocument.Parse(additional).RootElement.Clone() : null,
        FirstOccurTime = a.FirstOccurTime,
        LastOccurTime = a.LastOccurTime,
        ResolvedTime = a.ResolvedTime,
        ResolvedBy = a.ResolvedBy,
        TruncatedAlerts = a.TruncatedAlerts,
        ClearInfo = a.ClearInfo is { } c ? new ClearInfoData(c.IsServiceInterrupt, c.StartTime, c.FaultRecoveryTime) : null,
    };
}

public sealed record ClearInfoData(
    [property: JsonPropertyName("is_service_interrupt")] bool IsServiceInterrupt,
    [property: JsonPropertyName("start_time")] long? StartTime,
    [property: JsonPropertyName("fault_recovery_time")] long? FaultRecoveryTime);

/// <summary>An alarm event's <c>data</c> (outbound.md, Events).</summary>
public sealed record AlarmEventData([property: JsonPropertyName("alarm")] AlarmInfo Alarm);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AlarmEventData))]
internal sealed partial class AlarmWireJson : JsonSerializerContext;
