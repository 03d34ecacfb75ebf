using System.Text.Json;
using System.Text.Json.Serialization;
using Coc.Core.Contracts.Wire;

namespace Coc.Core.Contracts.Incidents;

// Wire shapes of api.md that the incident endpoints write. Request bodies have no types here: the server reads them field by field
// so that every error names its field, and the OpenAPI document (Features/OpenApi) describes them.

public sealed record CreateIncidentData([property: JsonPropertyName("incident_num")] string IncidentNum);

public sealed record EnumData(
    [property: JsonPropertyName("filed_key")] string FiledKey,
    [property: JsonPropertyName("enum_key")] string EnumKey,
    [property: JsonPropertyName("name_zh")] string NameZh,
    [property: JsonPropertyName("name_en")] string NameEn);

public sealed record PendingRequestData(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("requested_by")] string RequestedBy,
    [property: JsonPropertyName("requested_at")] long RequestedAt,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("pause_end_time")] long? PauseEndTime,
    [property: JsonPropertyName("target_level")] string? TargetLevel);

public sealed record AttachmentSummary(
    [property: JsonPropertyName("doc_id")] string DocId,
    [property: JsonPropertyName("doc_name")] string DocName,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("uploaded_at")] long UploadedAt);

/// <summary>Ticket details (seed 002): every documented field in every answer, then our extra fields.</summary>
public sealed record IncidentDetails
{
    [JsonPropertyName("incident_num")] public required string IncidentNum { get; init; }
    [JsonPropertyName("region")] public required IReadOnlyList<string> Region { get; init; }
    [JsonPropertyName("enterprise_project")] public required IReadOnlyList<string> EnterpriseProject { get; init; }
    [JsonPropertyName("current_cloud_service")] public required IReadOnlyList<string> CurrentCloudService { get; init; }
    [JsonPropertyName("incident_level")] public required string IncidentLevel { get; init; }
    [JsonPropertyName("is_service_interrupt")] public required bool IsServiceInterrupt { get; init; }
    [JsonPropertyName("incident_type")] public required string IncidentType { get; init; }
    [JsonPropertyName("incident_title")] public required string IncidentTitle { get; init; }
    [JsonPropertyName("incident_description")] public required string? IncidentDescription { get; init; }
    [JsonPropertyName("incident_source")] public required string IncidentSource { get; init; }
    [JsonPropertyName("incident_assignee")] public required IReadOnlyList<string> IncidentAssignee { get; init; }
    [JsonPropertyName("assignee_scene")] public required string? AssigneeScene { get; init; }
    [JsonPropertyName("assignee_role")] public required string? AssigneeRole { get; init; }
    [JsonPropertyName("warroom_id")] public required string? WarroomId { get; init; }
    [JsonPropertyName("handle_time")] public required long? HandleTime { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("create_time")] public required long CreateTime { get; init; }
    [JsonPropertyName("creator")] public required string Creator { get; init; }
    [JsonPropertyName("enum_data_list")] public required IReadOnlyList<EnumData> EnumDataList { get; init; }
    [JsonPropertyName("start_time")] public required long? StartTime { get; init; }
    [JsonPropertyName("fault_recovery_time")] public required long? FaultRecoveryTime { get; init; }
    [JsonPropertyName("fault_delineation_time")] public required long? FaultDelineationTime { get; init; }
    [JsonPropertyName("incident_ownership")] public required string? IncidentOwnership { get; init; }
    [JsonPropertyName("accept_time")] public required long? AcceptTime { get; init; }
    [JsonPropertyName("complete_time")] public required long? CompleteTime { get; init; }
    [JsonPropertyName("paused_ms")] public required long PausedMs { get; init; }
    [JsonPropertyName("paused_until")] public required long? PausedUntil { get; init; }
    [JsonPropertyName("pending_request")] public required PendingRequestData? PendingRequest { get; init; }
    [JsonPropertyName("mtta_ms")] public required long? MttaMs { get; init; }
    [JsonPropertyName("mttr_ms")] public required long? MttrMs { get; init; }
    [JsonPropertyName("attachments")] public required IReadOnlyList<AttachmentSummary> Attachments { get; init; }
    /// <summary>Ours: the operate keys the workflow allows now (the console offers exactly these).</summary>
    [JsonPropertyName("allowed_operations")] public required IReadOnlyList<string> AllowedOperations { get; init; }
    /// <summary>Ours (alarms.md): the linked alarms, in linking order.</summary>
    [JsonPropertyName("alarms")] public IReadOnlyList<Alarms.LinkedAlarm> Alarms { get; init; } = [];
}

public sealed record IncidentSimpleTicketInfo(
    [property: JsonPropertyName("ticket_id")] string TicketId,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("enterprise_project")] string? EnterpriseProject,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("creator")] string Creator,
    [property: JsonPropertyName("assignee")] IReadOnlyList<string> Assignee,
    [property: JsonPropertyName("create_time")] long CreateTime)
{
    /// <summary>Only with <c>extended=true</c> [ours]; absent otherwise, so the SDK's item stays as it was.</summary>
    [JsonPropertyName("triage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TriageInfo? Triage { get; init; }
}

/// <summary>What the on-call desk's list shows beside the SDK's fields [ours] (docs/decisions.md, Triage list).</summary>
public sealed record TriageInfo(
    [property: JsonPropertyName("accept_time")] long? AcceptTime,
    [property: JsonPropertyName("is_service_interrupt")] bool IsServiceInterrupt,
    [property: JsonPropertyName("paused_until")] long? PausedUntil,
    [property: JsonPropertyName("pending_request")] string? PendingRequest);

public sealed record IncidentListData(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("IncidentSimpleTicketInfos")] IReadOnlyList<IncidentSimpleTicketInfo> IncidentSimpleTicketInfos);

/// <summary>Source-generated JSON for the incident answers; nulls are written (the SDK expects every documented key).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Envelope<CreateIncidentData>))]
[JsonSerializable(typeof(Envelope<IncidentDetails>))]
[JsonSerializable(typeof(Envelope<IncidentListData>))]
public sealed partial class IncidentJsonContext : JsonSerializerContext;
