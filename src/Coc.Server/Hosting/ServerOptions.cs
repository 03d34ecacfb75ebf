namespace Coc.Server.Hosting;

/// <summary>Settings under <c>Coc:</c> (appsettings, <c>COC__*</c> environment variables, or the flags of <see cref="ServerCommandLine"/>).</summary>
public sealed class ServerOptions
{
    /// <summary>SQLite file path, or <c>:memory:</c>. Default: <c>$XDG_DATA_HOME/coc-incident/coc.db</c>.</summary>
    public string? Data { get; set; }

    /// <summary>PostgreSQL: <c>postgres://user:password@host:port/database</c> or an Npgsql connection string.
    /// When set, it is used instead of the SQLite file.</summary>
    public string? Db { get; set; }

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(Db);

    /// <summary>How many tickets a SQLite server keeps in memory for reads (0 = none). Such a server must be the only
    /// one on its file, which it claims at start-up. Never used on PostgreSQL, where instances share the data.</summary>
    public int TicketCache { get; set; } = 10_000;

    public bool UsesTicketCache => !UsesPostgres && TicketCache > 0;

    /// <summary>Emulator mode: relaxed people and actor checks (auth.md, Modes).</summary>
    public bool Emulator { get; set; }

    /// <summary>A JSON file whose sections replace the preset catalog, directory or WarRoom rules.</summary>
    public string? Reference { get; set; }

    /// <summary>In secure mode, whether a signature mismatch's 401 carries the canonical request and
    /// string-to-sign (always in emulator mode). Never the secret.</summary>
    public bool SignatureDiagnostics { get; set; }

    /// <summary>Where first-start admin credentials are written (mode 0600). Default: beside the database.</summary>
    public string? AdminCredentialsFile { get; set; }

    /// <summary>The key ring that encrypts secrets at rest (mode 0600; see <see cref="SecretsKeySource"/>). Default:
    /// <c>secrets.key</c> beside the database; ignored when <c>COC_SECRETS_KEY</c> is set.</summary>
    public string? SecretsKeyFile { get; set; }

    public string? SecretsKeyPath => SecretsKeyFile ?? (DataPath == ":memory:" ? null
        : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(DataPath))!, "secrets.key"));

    /// <summary>Access keys from configuration, beside those in the database (e.g. a CI key with a fixed SK).</summary>
    public List<ConfiguredAccessKey> AccessKeys { get; set; } = [];

    public double TokenLifetimeHours { get; set; } = 24;

    /// <summary>How long before its session ends the console warns and offers to stay signed in.</summary>
    public double ConsoleSessionWarningMinutes { get; set; } = 5;

    public WebhookOptions Webhooks { get; set; } = new();

    public LiveEventOptions Events { get; set; } = new();

    /// <summary>Webhook receivers on loopback or private addresses: when configured, and always in emulator mode.</summary>
    public bool AllowsPrivateWebhookTargets => Webhooks.AllowPrivateTargets || Emulator;

    /// <summary>PBKDF2-SHA256 count for new password hashes (and the rehash of older ones at sign-in). Default
    /// 600,000 (OWASP); lower only for test suites, where every sign-in would otherwise take ~0.5 s.</summary>
    public int? PasswordIterations { get; set; }

    public int EffectivePasswordIterations => PasswordIterations ?? Coc.Core.Auth.PasswordHasher.RecommendedIterations;

    /// <summary>Requests per second per access key (token bucket, burst = 2×); 0 = off. Default: 1000 in
    /// secure mode, off in emulator mode.</summary>
    public double? RateLimitPerSecond { get; set; }

    /// <summary>The <c>/_coc/…</c> control plane (control.md): in secure mode, whether faults and the clock may be used.</summary>
    public ControlPlaneOptions ControlPlane { get; set; } = new();

    /// <summary><c>--seed FILE</c>: a project export (<c>GET /_coc/projects/{id}/export</c>) imported at start, replacing
    /// that project's state.</summary>
    public string? Seed { get; set; }

    /// <summary><c>GET /metrics</c>: whether it is served and who may read it.</summary>
    public MetricsOptions Metrics { get; set; } = new();

    public double EffectiveRateLimit => RateLimitPerSecond ?? (Emulator ? 0 : 1000);

    public string AdminCredentialsPath => AdminCredentialsFile ?? (DataPath == ":memory:"
        ? Path.Combine(Path.GetTempPath(), $"coc-incident-admin-{Environment.ProcessId}.json")
        : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(DataPath))!, "admin-credentials.json"));

    /// <summary>The zone of the timestamp inside ticket numbers, e.g. <c>+08:00</c>.</summary>
    public string NumberZone { get; set; } = "+08:00";

    public string DataPath => Data ?? DefaultDataPath();

    public static string DefaultDataPath()
    {
        var root = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(root))
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(root, "coc-incident", "coc.db");
    }

    public TimeSpan NumberOffset =>
        DateTimeOffset.ParseExact("2000-01-01T00:00:00" + NumberZone, "yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture).Offset;
}

public sealed class ConfiguredAccessKey
{
    public string AccessKey { get; set; } = "";
    public string SecretKey { get; set; } = "";
    public string? Project { get; set; }
    public string Domain { get; set; } = "default";
    public string Permissions { get; set; } = "coc:*";
    public string? SecurityToken { get; set; }

    /// <summary>The directory person the key acts as (none: a system integration that may name anyone).</summary>
    public string? Person { get; set; }
}
