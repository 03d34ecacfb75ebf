using System.Text.Json;
using System.Text.Json.Serialization;
using Coc.Core.Alarms;
using Coc.Core.Contracts.Wire;

namespace Coc.Core.Contracts.Alarms;

// Wire shapes of alarms.md. Successes of /v1/alarm-mgmt/* carry no envelope: exactly these top-level keys.

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
