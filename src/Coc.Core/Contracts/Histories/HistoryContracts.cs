using System.Text.Json;
using System.Text.Json.Serialization;
using Coc.Core.Contracts.Incidents;
using Coc.Core.Contracts.Wire;

namespace Coc.Core.Contracts.Histories;

public sealed record TicketHistoryInfo
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("ticket_id")] public required string TicketId { get; init; }
    [JsonPropertyName("action")] public required string Action { get; init; }
    [JsonPropertyName("sub_action")] public string? SubAction { get; init; }
    [JsonPropertyName("operator")] public required string Operator { get; init; }
    [JsonPropertyName("comment")] public string? Comment { get; init; }
    [JsonPropertyName("start_time")] public required long StartTime { get; init; }
    [JsonPropertyName("stop_time")] public long? StopTime { get; init; }
    [JsonPropertyName("update_time")] public required long UpdateTime { get; init; }
    [JsonPropertyName("target_type")] public string? TargetType { get; init; }
    [JsonPropertyName("target_value")] public string? TargetValue { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("final_sub_action")] public string? FinalSubAction { get; init; }
    [JsonPropertyName("action_name_zh")] public required string ActionNameZh { get; init; }
    [JsonPropertyName("action_name_en")] public required string ActionNameEn { get; init; }
    [JsonPropertyName("action_template_zh")] public string? ActionTemplateZh { get; init; }
    [JsonPropertyName("action_template_en")] public string? ActionTemplateEn { get; init; }
    [JsonPropertyName("is_deteted")] public bool IsDeteted { get; init; }
    [JsonPropertyName("enum_data_list")] public IReadOnlyList<EnumData> EnumDataList { get; init; } = [];
    [JsonPropertyName("action_id")] public required string ActionId { get; init; }
    [JsonPropertyName("from_status")] public string? FromStatus { get; init; }
    [JsonPropertyName("to_status")] public required string ToStatus { get; init; }
    [JsonPropertyName("parameter")] public JsonElement? Parameter { get; init; }
    /// <summary>Who authenticated the operation (auth.md, People behind credentials); <c>operator</c> is whom it names.</summary>
    [JsonPropertyName("principal")] public required string Principal { get; init; }
    /// <summary>The WarRoom this entry started (by rule on create, escalation or ReOpen, or through the WarRoom API), else null.</summary>
    [JsonPropertyName("warroom_started")] public string? WarroomStarted { get; init; }
}

public sealed record HistoryListData(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("info")] IReadOnlyList<TicketHistoryInfo> Info);

/// <summary>Source-generated JSON for the history answer; nulls are written (the SDK expects every documented key).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Envelope<HistoryListData>))]
public sealed partial class HistoryJsonContext : JsonSerializerContext;
