using Coc.Testing.Support;

namespace Coc.Cli.Tests;

/// <summary>The built server as a child process on a free loopback port, in emulator mode with an in-memory store, or in
/// secure mode with configured keys: a full one, a read-only one.</summary>
public sealed class CliServer : IAsyncLifetime
{
    public static readonly (string Ak, string Sk) FullKey = ("CLITESTFULL0000001", "cli-test-full-secret-0123456789abcdef");
    public static readonly (string Ak, string Sk) ReadOnlyKey = ("CLITESTREAD0000001", "cli-test-read-secret-0123456789abcdef");
    public const string Person = "7da46971b7e24eed90cf777cc2ff8b91"; // in the preset directory

    private readonly bool _emulator;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "coc-cli-tests-" + Guid.NewGuid().ToString("N"));
    private LaunchedServer? _server;

    private CliServer(bool emulator) => _emulator = emulator;

    public Uri BaseAddress { get; private set; } = null!;

    public static CliServer Emulator() => new(emulator: true);
    public static CliServer Secure() => new(emulator: false);

    public async Task InitializeAsync()
    {
        var port = TestProcesses.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Directory.CreateDirectory(_dataDir);
        var args = new List<string> { "--urls", BaseAddress.ToString().TrimEnd('/'), "--Coc:RateLimitPerSecond=0", "--Coc:PasswordIterations=1000" };
        if (_emulator) args.AddRange(["--emulator", "--data", ":memory:"]);
        else
        {
            args.AddRange(["--data", Path.Combine(_dataDir, "coc.db")]);
            var keys = new[] { (FullKey, "coc:*"), (ReadOnlyKey, "coc:ticket:get,coc:ticket:list") };
            for (var i = 0; i < keys.Length; i++)
            {
                var ((ak, sk), permissions) = keys[i];
                args.AddRange([$"--Coc:AccessKeys:{i}:AccessKey={ak}", $"--Coc:AccessKeys:{i}:SecretKey={sk}",
                    $"--Coc:AccessKeys:{i}:Domain=default", $"--Coc:AccessKeys:{i}:Permissions={permissions}"]);
            }
        }
        _server = LaunchedServer.Start(args, environment: new Dictionary<string, string> { ["HOME"] = _dataDir, ["XDG_DATA_HOME"] = _dataDir });
        await _server.WaitForAsync(BaseAddress, "/readyz");
    }

    /// <summary>The environment of a CLI run against this server; <paramref name="extra"/> adds or replaces variables.</summary>
    public Dictionary<string, string> Environment(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["COC_ENDPOINT"] = BaseAddress.ToString(), ["COC_OPERATOR"] = Person, ["HOME"] = _dataDir, ["XDG_CONFIG_HOME"] = Path.Combine(_dataDir, "config"),
        };
        foreach (var (name, value) in extra) environment[name] = value;
        return environment;
    }

    public string Output => _server?.Output ?? "";

    public Task DisposeAsync()
    {
        _server?.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }
}

public sealed class EmulatorServerFixture : IAsyncLifetime
{
    public CliServer Server { get; } = CliServer.Emulator();
    public Task InitializeAsync() => Server.InitializeAsync();
    public Task DisposeAsync() => Server.DisposeAsync();
}

public sealed class SecureServerFixture : IAsyncLifetime
{
    public CliServer Server { get; } = CliServer.Secure();
    public Task InitializeAsync() => Server.InitializeAsync();
    public Task DisposeAsync() => Server.DisposeAsync();
}
