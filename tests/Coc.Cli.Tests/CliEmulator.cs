using Coc.Testing;

namespace Coc.Cli.Tests;

/// <summary>The server the CLI talks to: a <see cref="CocEmulator"/> in this test process on a free loopback port, in
/// emulator mode, or in secure mode with two configured keys: a full one, a read-only one.</summary>
public sealed class CliEmulator : IAsyncLifetime
{
    public static readonly (string Ak, string Sk) FullKey = ("CLITESTFULL0000001", "cli-test-full-secret-0123456789abcdef");
    public static readonly (string Ak, string Sk) ReadOnlyKey = ("CLITESTREAD0000001", "cli-test-read-secret-0123456789abcdef");
    public const string Person = "7da46971b7e24eed90cf777cc2ff8b91"; // in the preset directory

    private readonly bool _secure;
    private readonly string _home = Directory.CreateTempSubdirectory("coc-cli-tests-").FullName;
    private CocEmulator? _emulator;

    private CliEmulator(bool secure) => _secure = secure;

    public static CliEmulator Emulator() => new(secure: false);
    public static CliEmulator Secure() => new(secure: true);

    public Uri BaseAddress => _emulator?.BaseAddress ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var options = new CocEmulatorOptions { Secure = _secure, AccessKey = FullKey.Ak, SecretKey = FullKey.Sk };
        if (_secure)
        {
            // key 0 (the full one, coc:*) is the emulator's own; key 1 may only read
            options.Settings["Coc:AccessKeys:1:AccessKey"] = ReadOnlyKey.Ak;
            options.Settings["Coc:AccessKeys:1:SecretKey"] = ReadOnlyKey.Sk;
            options.Settings["Coc:AccessKeys:1:Domain"] = "default";
            options.Settings["Coc:AccessKeys:1:Permissions"] = "coc:ticket:get,coc:ticket:list";
        }
        _emulator = await CocEmulator.StartAsync(options);
    }

    /// <summary>The environment of a CLI run against this server; <paramref name="extra"/> adds or replaces variables.</summary>
    public Dictionary<string, string> Environment(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["COC_ENDPOINT"] = BaseAddress.ToString(), ["COC_OPERATOR"] = Person, ["HOME"] = _home, ["XDG_CONFIG_HOME"] = Path.Combine(_home, "config"),
        };
        foreach (var (name, value) in extra) environment[name] = value;
        return environment;
    }

    public async Task DisposeAsync()
    {
        if (_emulator is not null) await _emulator.DisposeAsync();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed class EmulatorServerFixture : IAsyncLifetime
{
    public CliEmulator Server { get; } = CliEmulator.Emulator();
    public Task InitializeAsync() => Server.InitializeAsync();
    public Task DisposeAsync() => Server.DisposeAsync();
}

public sealed class SecureServerFixture : IAsyncLifetime
{
    public CliEmulator Server { get; } = CliEmulator.Secure();
    public Task InitializeAsync() => Server.InitializeAsync();
    public Task DisposeAsync() => Server.DisposeAsync();
}
