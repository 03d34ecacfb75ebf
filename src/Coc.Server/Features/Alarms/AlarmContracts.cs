using System.Text.Json;
using System.Text.Json.Serialization;
using Coc.Server.Wire;

namespace Coc.Server.Features.Alarms;

// Wire shapes of alarms.md. Successes of /v1/alarm-mgmt/* carry no envelope: exactly these top-level keys.

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
}

public sealed record ClearInfoData(
    [property: JsonPropertyName("is_service_interrupt")] bool IsServiceInterrupt,
    [property: JsonPropertyName("start_time")] long? StartTime,
    [property: JsonPropertyName("fault_recovery_time")] long? FaultRecoveryTime);

public sealed record AlarmAnswer([property: JsonPropertyName("data")] AlarmInfo Data);

public sealed record AlarmIdsAnswer([property: JsonPropertyName("data")] IReadOnlyList<string> Data);

public sealed record WorkOrderAnswer([property: JsonPropertyName("data")] string Data);

public sealed record LinkedIncidentAnswer(
    [property: JsonPropertyName("data")] IReadOnlyList<string> Data,
    [property: JsonPropertyName("incident_num")] string IncidentNum);

public sealed record AlarmListAnswer(
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("alarms")] IReadOnlyList<AlarmInfo> Alarms);

/// <summary><c>AlarmHandleHistory</c> [sdk], then ours (<c>message</c>).</summary>
public sealed record AlarmHandleHistory
{
    [JsonPropertyName("work_order_id")] public required string? WorkOrderId { get; init; }
    [JsonPropertyName("create_name")] public required string? CreateName { get; init; }
    [JsonPropertyName("create_alias")] public string? CreateAlias { get; init; }
    [JsonPropertyName("task_type")] public required string TaskType { get; init; }
    [JsonPropertyName("start_time")] public required long StartTime { get; init; }
    [JsonPropertyName("end_time")] public required long EndTime { get; init; }
    [JsonPropertyName("duration")] public required long Duration { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("associated_task_id")] public required string? AssociatedTaskId { get; init; }
    [JsonPropertyName("associated_task_name")] public required string? AssociatedTaskName { get; init; }
    [JsonPropertyName("sub_task_info")] public required JsonElement? SubTaskInfo { get; init; }
    [JsonPropertyName("message")] public required string? Message { get; init; }
}

public sealed record ResolvedRecord(
    [property: JsonPropertyName("resolved_time")] long? ResolvedTime,
    [property: JsonPropertyName("create_name")] string? CreateName,
    [property: JsonPropertyName("remarks")] string? Remarks);

public sealed record HandleHistoriesAnswer(
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("alarm_handle_histories")] IReadOnlyList<AlarmHandleHistory> AlarmHandleHistories,
    [property: JsonPropertyName("resolved_record")] ResolvedRecord? ResolvedRecord);

/// <summary>An incident's linked alarm, in its details' <c>alarms</c>.</summary>
public sealed record LinkedAlarm(
    [property: JsonPropertyName("alarm_id")] string AlarmId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("importance")] string Importance,
    [property: JsonPropertyName("status")] string Status);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AlarmAnswer))]
[JsonSerializable(typeof(AlarmIdsAnswer))]
[JsonSerializable(typeof(WorkOrderAnswer))]
[JsonSerializable(typeof(LinkedIncidentAnswer))]
[JsonSerializable(typeof(AlarmListAnswer))]
[JsonSerializable(typeof(HandleHistoriesAnswer))]
[JsonSerializable(typeof(Envelope<object>))]
public sealed partial class AlarmJsonContext : JsonSerializerContext;
