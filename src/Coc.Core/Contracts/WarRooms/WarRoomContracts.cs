using System.Text.Json.Serialization;
using Coc.Core.Contracts.Wire;

namespace Coc.Core.Contracts.WarRooms;

// Wire shapes of warrooms.md. Every key is present; strings and times never given are null, arrays [].

public sealed record WarRoomIncident(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("incident_id")] string IncidentId,
    [property: JsonPropertyName("alarm_id")] string? AlarmId,
    [property: JsonPropertyName("is_change_event")] bool IsChangeEvent,
    [property: JsonPropertyName("source_id")] long? SourceId,
    [property: JsonPropertyName("failure_level")] string FailureLevel,
    [property: JsonPropertyName("incident_url")] string? IncidentUrl);

public sealed record WarRoomRegion([property: JsonPropertyName("code")] string Code, [property: JsonPropertyName("name")] string Name);

public sealed record WarRoomApplication([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("name")] string Name);

public sealed record WarRoomStatusData(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name_zh")] string NameZh,
    [property: JsonPropertyName("name_en")] string NameEn,
    [property: JsonPropertyName("type")] string Type);

public sealed record WarRoomScheduleGroup(
    [property: JsonPropertyName("role_id")] string RoleId, [property: JsonPropertyName("scene_id")] string SceneId);

public sealed record WarRoomData
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("war_room_num")] public required string WarRoomNum { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("description")] public required string? Description { get; init; }
    [JsonPropertyName("admin")] public required string? Admin { get; init; }
    [JsonPropertyName("recover_leader")] public required IReadOnlyList<string> RecoverLeader { get; init; }
    [JsonPropertyName("recover_member")] public required IReadOnlyList<string> RecoverMember { get; init; }
    [JsonPropertyName("incident")] public required WarRoomIncident Incident { get; init; }
    [JsonPropertyName("source")] public required string Source { get; init; }
    [JsonPropertyName("regions")] public required IReadOnlyList<WarRoomRegion> Regions { get; init; }
    [JsonPropertyName("impacted_application")] public required IReadOnlyList<WarRoomApplication> ImpactedApplication { get; init; }
    [JsonPropertyName("change_num")] public string? ChangeNum { get; init; }
    [JsonPropertyName("occur_time")] public required long OccurTime { get; init; }
    [JsonPropertyName("recover_time")] public required long? RecoverTime { get; init; }
    [JsonPropertyName("fault_cause")] public required string? FaultCause { get; init; }
    [JsonPropertyName("create_time")] public required long CreateTime { get; init; }
    [JsonPropertyName("first_report_time")] public long? FirstReportTime { get; init; }
    [JsonPropertyName("recovery_notification_time")] public long? RecoveryNotificationTime { get; init; }
    [JsonPropertyName("fault_impact")] public string? FaultImpact { get; init; }
    [JsonPropertyName("circular_level")] public required string CircularLevel { get; init; }
    [JsonPropertyName("war_room_status")] public required WarRoomStatusData WarRoomStatus { get; init; }
    [JsonPropertyName("processing_duration")] public required long ProcessingDuration { get; init; }
    [JsonPropertyName("restoration_duration")] public required long? RestorationDuration { get; init; }
    [JsonPropertyName("enterprise_project_id")] public required string EnterpriseProjectId { get; init; }
    [JsonPropertyName("close_time")] public required long? CloseTime { get; init; }
    [JsonPropertyName("started_by")] public required string StartedBy { get; init; }
    [JsonPropertyName("participant")] public required IReadOnlyList<string> Participant { get; init; }
    [JsonPropertyName("schedule_group")] public required IReadOnlyList<WarRoomScheduleGroup> ScheduleGroup { get; init; }
    [JsonPropertyName("notification_type")] public required string NotificationType { get; init; }
    [JsonPropertyName("notification_modes")] public required IReadOnlyList<string> NotificationModes { get; init; }
}

public sealed record WarRoomListData(
    [property: JsonPropertyName("list")] IReadOnlyList<WarRoomData> List,
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("total_num")] long TotalNum,
    [property: JsonPropertyName("running_num")] long RunningNum,
    [property: JsonPropertyName("closed_num")] long ClosedNum);

/// <summary>Source-generated JSON for the WarRoom answers; nulls are written (the SDK expects every documented key).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Envelope<string>))]
[JsonSerializable(typeof(Envelope<WarRoomListData>))]
public sealed partial class WarRoomJsonContext : JsonSerializerContext;
