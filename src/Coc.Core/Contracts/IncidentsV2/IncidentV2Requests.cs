using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coc.Core.Contracts.IncidentsV2;

// Request bodies of v2.md as a client sends them; nulls are not written.

/// <summary>A <c>string_filters</c> / <c>int_filters</c> item of the v2 list.</summary>
public sealed record V2Filter
{
    [JsonPropertyName("field")] public required string Field { get; init; }
    [JsonPropertyName("operator")] public required string Operator { get; init; }
    [JsonPropertyName("values")] public required IReadOnlyList<JsonNode> Values { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
}

public sealed record V2SortFilter(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("operator")] string Operator);

/// <summary>POST /v2/incidents/list; <c>page</c> starts at 1.</summary>
public sealed record ListIncidentsV2Request
{
    [JsonPropertyName("string_filters")] public IReadOnlyList<V2Filter>? StringFilters { get; init; }
    [JsonPropertyName("int_filters")] public IReadOnlyList<V2Filter>? IntFilters { get; init; }
    [JsonPropertyName("condition")] public string? Condition { get; init; }
    [JsonPropertyName("sort_filter")] public V2SortFilter? SortFilter { get; init; }
    [JsonPropertyName("count_filters")] public IReadOnlyList<JsonObject>? CountFilters { get; init; }
    [JsonPropertyName("fields")] public IReadOnlyList<string>? Fields { get; init; }
    [JsonPropertyName("page")] public int? Page { get; init; }
    [JsonPropertyName("per_page")] public int? PerPage { get; init; }
    [JsonPropertyName("contain_total")] public bool? ContainTotal { get; init; }
}

/// <summary>POST /v2/incidents/{incident_id}/actions.</summary>
public sealed record IncidentActionRequest
{
    [JsonPropertyName("task_id")] public required string TaskId { get; init; }
    [JsonPropertyName("action")] public required string Action { get; init; }
    [JsonPropertyName("params")] public JsonObject? Params { get; init; }
}

/// <summary>POST /v2/incidents/{incident_id}/histories: filters as in the v2 list.</summary>
public sealed record IncidentHistoriesV2Request
{
    [JsonPropertyName("string_filters")] public IReadOnlyList<V2Filter>? StringFilters { get; init; }
    [JsonPropertyName("int_filters")] public IReadOnlyList<V2Filter>? IntFilters { get; init; }
    [JsonPropertyName("sort_filter")] public V2SortFilter? SortFilter { get; init; }
}
