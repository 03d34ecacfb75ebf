using System.Text.Json.Serialization;
using Coc.Core.Contracts.Histories;
using Coc.Core.Contracts.Incidents;
using Coc.Core.Contracts.Wire;

namespace Coc.Core.Contracts.Webhooks;

// Wire shapes of outbound.md: the subscription API's answers and the body of a delivered event.

public sealed record WebhookData
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("project_id")] public required string ProjectId { get; init; }
    [JsonPropertyName("url")] public required string Url { get; init; }
    [JsonPropertyName("event_types")] public required IReadOnlyList<string> EventTypes { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("enabled")] public required bool Enabled { get; init; }
    [JsonPropertyName("disabled_reason")] public string? DisabledReason { get; init; }
    [JsonPropertyName("created_at")] public required long CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public required long UpdatedAt { get; init; }
    /// <summary>Until when the secret before the last rotation still signs beside the current one.</summary>
    [JsonPropertyName("previous_secret_expires_at")] public long? PreviousSecretExpiresAt { get; init; }
    /// <summary>Only in the answer to a create.</summary>
    [JsonPropertyName("secret"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Secret { get; init; }
}

public sealed record WebhookListData(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("webhooks")] IReadOnlyList<WebhookData> Webhooks);

public sealed record WebhookSecretData([property: JsonPropertyName("secret")] string Secret);

public sealed record RedeliveryData([property: JsonPropertyName("redelivered")] int Redelivered);

public sealed record DeliveryAttemptData
{
    [JsonPropertyName("id")] public required long Id { get; init; }
    [JsonPropertyName("delivery_id")] public required long DeliveryId { get; init; }
    [JsonPropertyName("event_id")] public required string EventId { get; init; }
    [JsonPropertyName("event_type")] public required string EventType { get; init; }
    [JsonPropertyName("attempt")] public required int Attempt { get; init; }
    [JsonPropertyName("attempted_at")] public required long AttemptedAt { get; init; }
    /// <summary>delivered, retrying, failed (no retry left) or gone (410: the subscription was disabled).</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("http_status")] public int? HttpStatus { get; init; }
    [JsonPropertyName("duration_ms")] public required long DurationMs { get; init; }
    [JsonPropertyName("response_excerpt")] public string? ResponseExcerpt { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("next_attempt_at")] public long? NextAttemptAt { get; init; }
}

public sealed record DeliveryListData(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("deliveries")] IReadOnlyList<DeliveryAttemptData> Deliveries);

/// <summary>A ticket event's <c>data</c>: the details body after the change and the history entry of the change.</summary>
public sealed record TicketEventData(
    [property: JsonPropertyName("incident")] IncidentDetails Incident,
    [property: JsonPropertyName("history")] TicketHistoryInfo History);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Envelope<WebhookData>))]
[JsonSerializable(typeof(Envelope<WebhookListData>))]
[JsonSerializable(typeof(Envelope<WebhookSecretData>))]
[JsonSerializable(typeof(Envelope<RedeliveryData>))]
[JsonSerializable(typeof(Envelope<DeliveryListData>))]
[JsonSerializable(typeof(TicketEventData))]
public sealed partial class WebhookJsonContext : JsonSerializerContext;
