using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Coc.Core.Contracts.Incidents;

// Request bodies of api.md as a client sends them (the server reads bodies field by field, so that every error names
// its field; these types are the shapes Coc.Client writes). Nulls are not written.

/// <summary>POST /v1/external/incident/create (api.md, Create).</summary>
public sealed record CreateIncidentRequest
{
    [JsonPropertyName("incident_level")] public required string IncidentLevel { get; init; }
    [JsonPropertyName("is_service_interrupt")] public required bool IsServiceInterrupt { get; init; }
    [JsonPropertyName("incident_type")] public required string IncidentType { get; init; }
    [JsonPropertyName("incident_title")] public required string IncidentTitle { get; init; }
    [JsonPropertyName("incident_source")] public required string IncidentSource { get; init; }
    [JsonPropertyName("creator")] public required string Creator { get; init; }
    [JsonPropertyName("incident_description")] public string? IncidentDescription { get; init; }
    [JsonPropertyName("region")] public IReadOnlyList<string>? Region { get; init; }
    [JsonPropertyName("enterprise_project")] public IReadOnlyList<string>? EnterpriseProject { get; init; }
    [JsonPropertyName("current_cloud_service")] public IReadOnlyList<string>? CurrentCloudService { get; init; }
    [JsonPropertyName("incident_assignee")] public IReadOnlyList<string>? IncidentAssignee { get; init; }
    [JsonPropertyName("assignee_scene")] public string? AssigneeScene { get; init; }
    [JsonPropertyName("assignee_role")] public string? AssigneeRole { get; init; }
    [JsonPropertyName("incident_ownership")] public string? IncidentOwnership { get; init; }
    [JsonPropertyName("start_time")] public long? StartTime { get; init; }
}

/// <summary>POST /v1/external/incident/handle: one workflow operation (workflow.md) with its <c>parameter</c>.</summary>
public sealed record HandleIncidentRequest
{
    [JsonPropertyName("incident_num")] public required string IncidentNum { get; init; }
    [JsonPropertyName("operator")] public required string Operator { get; init; }
    [JsonPropertyName("operate_key")] public required string OperateKey { get; init; }
    [JsonPropertyName("parameter")] public JsonObject? Parameter { get; init; }
}

/// <summary>A filter of the v1 histories request (<c>ListTicketParams.string_filters</c>).</summary>
public sealed record StringFilter(
    [property: JsonPropertyName("operator")] string Operator,
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("values")] IReadOnlyList<string> Values);

public sealed record SortFilter(
    [property: JsonPropertyName("operator")] string Operator,
    [property: JsonPropertyName("field")] string Field);

/// <summary>POST /v1/external/incident/list-histories.</summary>
public sealed record ListHistoriesRequest
{
    [JsonPropertyName("string_filters")] public required IReadOnlyList<StringFilter> StringFilters { get; init; }
    [JsonPropertyName("sort_filter")] public SortFilter? SortFilter { get; init; }

    /// <summary>The histories of these tickets, oldest first.</summary>
    public static ListHistoriesRequest ForTickets(params string[] incidentNums) =>
        new() { StringFilters = [new StringFilter("in", "ticket_id", incidentNums)] };
}

/// <summary>The optional filters of GET /v1/incident-tickets (ours; api.md, List); paging is given apart.</summary>
public sealed record IncidentListFilter
{
    public string? Status { get; init; }
    public string? Level { get; init; }
    public string? Assignee { get; init; }
    public string? Creator { get; init; }
    public long? CreatedAfter { get; init; }
    public long? CreatedBefore { get; init; }
    public string? Q { get; init; }
    public string? Sort { get; init; }
}
