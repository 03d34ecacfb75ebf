namespace Coc.Client;

/// <summary>
/// Where the service is and how to authenticate: an AK/SK pair (SDK-HMAC-SHA256 signing, as the official SDKs), an
/// <c>X-Auth-Token</c>, or neither (emulator mode). The project (<c>X-Project-Id</c>) and domain are sent on every request.
/// </summary>
public sealed class CocClientOptions
{
    /// <summary>The service's base address, e.g. <c>http://127.0.0.1:8080</c>.</summary>
    public Uri? Endpoint { get; set; }

    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }

    /// <summary>A temporary credential's token, sent (and signed) as <c>X-Security-Token</c>.</summary>
    public string? SecurityToken { get; set; }

    /// <summary>An <c>X-Auth-Token</c> from <c>POST /v3/auth/tokens</c> (used when no AK/SK is given).</summary>
    public string? AuthToken { get; set; }

    public string? ProjectId { get; set; }
    public string? DomainId { get; set; }

    /// <summary>Retries of a 429 or 503 (waiting what <c>Retry-After</c> says, else an exponential back-off); 0 = none.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The back-off's first delay when the answer has no <c>Retry-After</c>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Per-attempt timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The clock requests are signed with (<c>X-Sdk-Date</c>); the system clock by default.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    internal bool Signs => !string.IsNullOrEmpty(AccessKey) && !string.IsNullOrEmpty(SecretKey);
}
