using System.Text.Json.Serialization;

namespace Coc.Core.Contracts.Health;

public sealed record HealthData(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("storage")] string Storage);

/// <summary><c>/readyz</c>: ready only when the database answers and writes succeed.</summary>
public sealed record ReadinessData(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("storage")] string Storage,
    [property: JsonPropertyName("database")] string Database,
    [property: JsonPropertyName("writes")] string Writes);

/// <summary>Source-generated JSON for the health answers.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(HealthData))]
[JsonSerializable(typeof(ReadinessData))]
public sealed partial class HealthJsonContext : JsonSerializerContext;
