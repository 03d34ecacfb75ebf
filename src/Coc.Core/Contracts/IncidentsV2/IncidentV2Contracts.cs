using System.Text.Json.Serialization;
using Coc.Core.Contracts.Wire;

namespace Coc.Core.Contracts.IncidentsV2;

// Wire shapes of v2.md. Request bodies have no types here: they are read field by field, so that every error names its field.

/// <summary><c>CocTaskDetailV2</c>, then ours: <c>name_en</c>.</summary>
public sealed record TaskDetail(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("operations")] IReadOnlyList<TaskOperationData> Operations,
    [property: JsonPropertyName("name_en")] string NameEn);

public sealed record TaskOperationData(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("name_cn")] string NameCn,
    [property: JsonPropertyName("name_en")] string NameEn);

/// <summary>An <c>enum_data_list</c> item with both key pairs: SDK and Terraform read <c>prop_id</c>/<c>biz_id</c>, the API
/// definition requires <c>filed_key</c>/<c>enum_key</c> (v2.md).</summary>
public sealed record EnumDataV2(
    [property: JsonPropertyName("prop_id")] string PropId,
    [property: JsonPropertyName("biz_id")] string BizId,
    [property: JsonPropertyName("filed_key")] string FiledKey,
    [property: JsonPropertyName("enum_key")] string EnumKey,
    [property: JsonPropertyName("name_zh")] string NameZh,
    [property: JsonPropertyName("name_en")] string NameEn)
{
    public static EnumDataV2 Of(string prop, string key, (string Zh, string En) name) => new(prop, key, prop, key, name.Zh, name.En);
}

/// <summary><c>CocTicketHistoryBaseInfoV2</c>: every key present, times as digit strings (the SDK types them <c>str</c>).</summary>
public sealed record HistoryEntryV2(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("action_name_zh")] string ActionNameZh,
    [property: JsonPropertyName("action_name_en")] string ActionNameEn,
    [property: JsonPropertyName("operator")] string Operator,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("start_time")] string StartTime,
    [property: JsonPropertyName("stop_time")] string StopTime,
    [property: JsonPropertyName("comment")] string? Comment,
    [property: JsonPropertyName("enum_data_list")] IReadOnlyList<EnumDataV2> EnumDataList);

public sealed record HistoriesV2Data(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("info")] IReadOnlyList<HistoryEntryV2> Info);

/// <summary>The v2 list's <c>data</c>: <c>total</c> null when <c>contain_total</c> is false.</summary>
public sealed record ListV2Data(
    [property: JsonPropertyName("total")] long? Total,
    [property: JsonPropertyName("tickets")] IReadOnlyList<System.Text.Json.Nodes.JsonObject> Tickets,
    [property: JsonPropertyName("count_results")] IReadOnlyList<long> CountResults);

/// <summary>Source-generated JSON for the v2 answers; nulls are written (the SDK expects every documented key).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Envelope<IReadOnlyList<TaskDetail>>))]
[JsonSerializable(typeof(Envelope<HistoriesV2Data>))]
[JsonSerializable(typeof(Envelope<ListV2Data>))]
public sealed partial class IncidentV2JsonContext : JsonSerializerContext;
