using System.Security.Cryptography;

namespace Coc.Core.Webhooks;

/// <summary>A subscription (outbound.md, Subscriptions): one project's receiver of the event types it wants. Its
/// secret is never part of it: it is shown once, on create and rotate, and stored encrypted.</summary>
public sealed record Webhook
{
    public required string Id { get; init; }
    public required string Project { get; init; }
    public required string Url { get; init; }
    public required IReadOnlyList<string> EventTypes { get; init; }
    public string? Description { get; init; }
    public required bool Enabled { get; init; }
    /// <summary>Why it was disabled by the service (a 410, or failures for days); null when enabled or disabled by hand.</summary>
    public string? DisabledReason { get; init; }
    public required long CreatedAt { get; init; }
    public required long UpdatedAt { get; init; }
    /// <summary>Since when every delivery has failed (null: the last one succeeded, or none was made).</summary>
    public long? FailingSince { get; init; }
    /// <summary>Until when the secret before the last rotation still signs beside the current one.</summary>
    public long? PreviousSecretUntil { get; init; }

    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewId() => "wh-" + RandomNumberGenerator.GetString(IdAlphabet, 12);

    /// <summary><c>whsec_</c> and the base64 of 32 random bytes, as Standard Webhooks writes secrets.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static bool IsWellFormedId(string id) => id.Length == 15 && id.StartsWith("wh-", StringComparison.Ordinal)
        && id[3..].All(ch => IdAlphabet.Contains(ch));
}
