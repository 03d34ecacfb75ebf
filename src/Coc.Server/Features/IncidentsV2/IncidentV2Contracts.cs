using System.Text.Json.Serialization;
using Coc.Server.Wire;

namespace Coc.Server.Features.IncidentsV2;

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

/// <summary>Source-generated JSON for the v2 answers; nulls are written (the SDK expects every documented key).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Envelope<IReadOnlyList<TaskDetail>>))]
public sealed partial class IncidentV2JsonContext : JsonSerializerContext;
