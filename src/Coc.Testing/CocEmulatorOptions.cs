namespace Coc.Testing;

/// <summary>How <see cref="CocEmulator.StartAsync(CocEmulatorOptions?, CancellationToken)"/> starts the server.</summary>
public sealed class CocEmulatorOptions
{
    /// <summary>
    /// False (default): emulator mode, as <c>--emulator</c> — no credentials needed, any people ids. True: secure mode,
    /// with <see cref="AccessKey"/>/<see cref="SecretKey"/> configured as a global <c>coc:*</c> key that the client signs with.
    /// </summary>
    public bool Secure { get; set; }

    /// <summary>The access key of secure mode (and of the client in either mode).</summary>
    public string AccessKey { get; set; } = "COCEMULATORAK000001";

    /// <summary>At least 20 characters.</summary>
    public string SecretKey { get; set; } = "coc-emulator-secret-key-0123456789";

    /// <summary>The project the ready client works in (<c>X-Project-Id</c>); emulator mode creates it on first use.</summary>
    public string ProjectId { get; set; } = "default";

    /// <summary>Keep everything in memory (SQLite <c>:memory:</c>) rather than in a temporary file; snapshots need the file.</summary>
    public bool InMemory { get; set; }

    /// <summary>Extra server settings, e.g. <c>["Coc:NumberZone"] = "+00:00"</c> (see the README's Configuration).</summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The server's log level (Warning by default, so test output stays readable).</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; set; } = Microsoft.Extensions.Logging.LogLevel.Warning;
}
