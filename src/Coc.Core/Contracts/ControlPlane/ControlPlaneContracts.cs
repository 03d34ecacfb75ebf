using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Coc.Core.Contracts.Wire;

namespace Coc.Core.Contracts.ControlPlane;

// Wire shapes of control.md (the /_coc/… control plane). Request bodies are read field by field (every error names
// its field); the records below describe them for typed clients and are what the server itself answers with.

public sealed record InfoData
{
    [JsonPropertyName("version")] public required string Version { get; init; }
    /// <summary><c>emulator</c> or <c>secure</c>.</summary>
    [JsonPropertyName("mode")] public required string Mode { get; init; }
    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    [JsonPropertyName("engine")] public required string Engine { get; init; }
    [JsonPropertyName("started_at")] public required long StartedAt { get; init; }
    [JsonPropertyName("uptime_ms")] public required long UptimeMs { get; init; }
    [JsonPropertyName("clock_offset_ms")] public required long ClockOffsetMs { get; init; }
    [JsonPropertyName("projects")] public required long Projects { get; init; }
    [JsonPropertyName("tickets")] public required long Tickets { get; init; }
    [JsonPropertyName("alarms")] public required long Alarms { get; init; }
}

/// <summary>Each subsystem <c>ok</c>, or the reason it is not.</summary>
public sealed record ControlHealthData(
    [property: JsonPropertyName("storage")] string Storage,
    [property: JsonPropertyName("dispatcher")] string Dispatcher,
    [property: JsonPropertyName("cache")] string Cache);

public sealed record ResetRequest
{
    /// <summary>One project; absent: everything.</summary>
    [JsonPropertyName("project_id")] public string? ProjectId { get; init; }
    /// <summary>With a full reset: access keys, users and tokens go too.</summary>
    [JsonPropertyName("credentials")] public bool? Credentials { get; init; }
}

public sealed record ResetData(
    [property: JsonPropertyName("project_id")] string? ProjectId,
    [property: JsonPropertyName("credentials")] bool Credentials);

public sealed record SnapshotRequest([property: JsonPropertyName("name")] string? Name);

public sealed record SnapshotData(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("created_at")] long CreatedAt);

public sealed record SnapshotListData([property: JsonPropertyName("snapshots")] IReadOnlyList<SnapshotData> Snapshots);

public sealed record RestoreData(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("schema_version")] long SchemaVersion);

/// <summary>
/// One project's state (<c>GET /_coc/projects/{id}/export</c>, <c>POST …/import</c>, <c>--seed FILE</c>): every table's
/// rows under its name (<c>tickets</c>, <c>ticket_history</c>, <c>war_rooms</c>, <c>attachments</c>,
/// <c>attachment_content</c> with base64 <c>content</c>, <c>integrations</c>, <c>alarms</c>, <c>alarm_handle_entries</c>,
/// <c>webhooks</c> without secrets), each row an object of its columns.
/// </summary>
public sealed record ProjectExportDocument
{
    [JsonPropertyName("format")] public string Format { get; init; } = FormatName;
    [JsonPropertyName("schema_version")] public required long SchemaVersion { get; init; }
    [JsonPropertyName("project_id")] public required string ProjectId { get; init; }
    [JsonPropertyName("exported_at")] public required long ExportedAt { get; init; }
    [JsonPropertyName("tables")] public required JsonObject Tables { get; init; }

    public const string FormatName = "coc-project-export/1";
}

public sealed record ImportData(
    [property: JsonPropertyName("project_id")] string ProjectId,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("rows")] IReadOnlyDictionary<string, int> Rows);

/// <summary>A fault rule as given (<c>POST /_coc/faults</c>) and as listed (with <c>id</c> and what is left of it).</summary>
public sealed record FaultRuleData
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("method")] public string? Method { get; init; }
    /// <summary>An exact path, or a prefix ending in <c>*</c>.</summary>
    [JsonPropertyName("path")] public string? Path { get; init; }
    [JsonPropertyName("operate_key")] public string? OperateKey { get; init; }
    [JsonPropertyName("probability")] public double Probability { get; init; } = 1;
    [JsonPropertyName("latency_ms")] public long? LatencyMs { get; init; }
    [JsonPropertyName("status")] public int? Status { get; init; }
    [JsonPropertyName("error_code")] public string? ErrorCode { get; init; }
    [JsonPropertyName("error_msg")] public string? ErrorMsg { get; init; }
    /// <summary>How many more requests it answers (absent: no limit).</summary>
    [JsonPropertyName("count")] public long? Count { get; init; }
    [JsonPropertyName("expires_in_ms")] public long? ExpiresInMs { get; init; }
    /// <summary>When it expires, on the service clock (answers only).</summary>
    [JsonPropertyName("expires_at")] public long? ExpiresAt { get; init; }
    /// <summary>How many requests it has answered so far (answers only).</summary>
    [JsonPropertyName("hits")] public long Hits { get; init; }
}

public sealed record FaultListData([property: JsonPropertyName("faults")] IReadOnlyList<FaultRuleData> Faults);

public sealed record ClockRequest
{
    [JsonPropertyName("advance_ms")] public long? AdvanceMs { get; init; }
    [JsonPropertyName("set")] public long? Set { get; init; }
    [JsonPropertyName("reset")] public bool? Reset { get; init; }
}

public sealed record ClockData(
    [property: JsonPropertyName("now")] long Now,
    [property: JsonPropertyName("offset_ms")] long OffsetMs);

/// <summary>Source-generated JSON for the control plane's bodies.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Envelope<InfoData>))]
[JsonSerializable(typeof(Envelope<ControlHealthData>))]
[JsonSerializable(typeof(Envelope<ResetData>))]
[JsonSerializable(typeof(Envelope<SnapshotData>))]
[JsonSerializable(typeof(Envelope<SnapshotListData>))]
[JsonSerializable(typeof(Envelope<RestoreData>))]
[JsonSerializable(typeof(Envelope<ProjectExportDocument>))]
[JsonSerializable(typeof(ProjectExportDocument))]
[JsonSerializable(typeof(Envelope<ImportData>))]
[JsonSerializable(typeof(Envelope<FaultRuleData>))]
[JsonSerializable(typeof(Envelope<FaultListData>))]
[JsonSerializable(typeof(Envelope<ClockData>))]
[JsonSerializable(typeof(ResetRequest))]
[JsonSerializable(typeof(SnapshotRequest))]
[JsonSerializable(typeof(ClockRequest))]
[JsonSerializable(typeof(FaultRuleData))]
public sealed partial class ControlPlaneJsonContext : JsonSerializerContext;
