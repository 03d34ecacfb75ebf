using System.Text.Json.Serialization;
using Coc.Core.Alarms;
using Coc.Core.Contracts.Wire;

namespace Coc.Core.Contracts.Integrations;

/// <summary>An integration (alarms.md, Integrations); <c>key</c> and <c>ingest_path</c> only on create and rotate.</summary>
public sealed record IntegrationData
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("project_id")] public required string ProjectId { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("enabled")] public required bool Enabled { get; init; }
    [JsonPropertyName("key_hint")] public required string KeyHint { get; init; }
    [JsonPropertyName("transfer_rule")] public required TransferRule TransferRule { get; init; }
    [JsonPropertyName("created_at")] public required long CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public required long UpdatedAt { get; init; }
    [JsonPropertyName("last_event_at")] public required long? LastEventAt { get; init; }
    [JsonPropertyName("key"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Key { get; init; }
    [JsonPropertyName("ingest_path"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? IngestPath { get; init; }

    public static IntegrationData Of(Integration i) => new()
    {
        Id = i.Id, ProjectId = i.Project, Name = i.Name, Type = i.Type, Enabled = i.Enabled, KeyHint = i.KeyHint,
        TransferRule = i.Rule, CreatedAt = i.CreatedAt, UpdatedAt = i.UpdatedAt, LastEventAt = i.LastEventAt,
    };

    public static IntegrationData Of(IntegrationWithKey k) => Of(k.Integration) with { Key = k.Key, IngestPath = k.IngestPath };
}

public sealed record IntegrationListData(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("integrations")] IReadOnlyList<IntegrationData> Integrations);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Envelope<IntegrationData>))]
[JsonSerializable(typeof(Envelope<IntegrationListData>))]
public sealed partial class IntegrationJsonContext : JsonSerializerContext;
