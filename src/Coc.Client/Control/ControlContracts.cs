using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coc.Client.Control;

// The /_coc control plane's bodies (spec control.md). The server side lands on its own branch; until its contracts
// move to Coc.Core/Contracts these are the client's reading of the spec. Unknown keys are ignored.

public sealed record CocInfo
{
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("mode")] public string? Mode { get; init; }
    [JsonPropertyName("engine")] public string? Engine { get; init; }
    [JsonPropertyName("started_at")] public long? StartedAt { get; init; }
    [JsonPropertyName("uptime_ms")] public long? UptimeMs { get; init; }
    [JsonPropertyName("clock_offset_ms")] public long? ClockOffsetMs { get; init; }
    [JsonPropertyName("projects")] public long? Projects { get; init; }
    [JsonPropertyName("tickets")] public long? Tickets { get; init; }
    [JsonPropertyName("alarms")] public long? Alarms { get; init; }
}

public sealed record ResetRequest
{
    [JsonPropertyName("project_id")] public string? ProjectId { get; init; }
    [JsonPropertyName("credentials")] public bool? Credentials { get; init; }
}

/// <summary>A fault rule to add: matching requests are delayed and/or answered with <see cref="Status"/> and <see cref="ErrorCode"/>.</summary>
public sealed record FaultRuleRequest
{
    [JsonPropertyName("method")] public string? Method { get; init; }
    [JsonPropertyName("path")] public string? Path { get; init; }
    [JsonPropertyName("operate_key")] public string? OperateKey { get; init; }
    [JsonPropertyName("probability")] public double? Probability { get; init; }
    [JsonPropertyName("latency_ms")] public long? LatencyMs { get; init; }
    [JsonPropertyName("status")] public int? Status { get; init; }
    [JsonPropertyName("error_code")] public string? ErrorCode { get; init; }
    [JsonPropertyName("error_msg")] public string? ErrorMsg { get; init; }
    [JsonPropertyName("count")] public int? Count { get; init; }
    [JsonPropertyName("expires_in_ms")] public long? ExpiresInMs { get; init; }
}

public sealed record FaultRule
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("method")] public string? Method { get; init; }
    [JsonPropertyName("path")] public string? Path { get; init; }
    [JsonPropertyName("operate_key")] public string? OperateKey { get; init; }
    [JsonPropertyName("probability")] public double? Probability { get; init; }
    [JsonPropertyName("latency_ms")] public long? LatencyMs { get; init; }
    [JsonPropertyName("status")] public int? Status { get; init; }
    [JsonPropertyName("error_code")] public string? ErrorCode { get; init; }
    [JsonPropertyName("error_msg")] public string? ErrorMsg { get; init; }
    [JsonPropertyName("count")] public int? Count { get; init; }
    [JsonPropertyName("expires_in_ms")] public long? ExpiresInMs { get; init; }
}

public sealed record FaultRuleList([property: JsonPropertyName("faults")] IReadOnlyList<FaultRule>? Faults);

public sealed record ClockState(
    [property: JsonPropertyName("now")] long Now,
    [property: JsonPropertyName("offset_ms")] long OffsetMs);

public sealed record ClockRequest
{
    [JsonPropertyName("advance_ms")] public long? AdvanceMs { get; init; }
    [JsonPropertyName("set")] public long? Set { get; init; }
    [JsonPropertyName("reset")] public bool? Reset { get; init; }
}

public sealed record SnapshotInfo
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("size")] public long? Size { get; init; }
    [JsonPropertyName("created_at")] public long? CreatedAt { get; init; }
}

public sealed record SnapshotList([property: JsonPropertyName("snapshots")] IReadOnlyList<SnapshotInfo>? Snapshots);

/// <summary>An exported project (tickets with histories, attachments, alarms, integrations, webhooks), kept as JSON.</summary>
public sealed record ProjectExport(JsonElement Document);
