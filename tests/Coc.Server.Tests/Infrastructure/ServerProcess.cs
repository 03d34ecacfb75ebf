using Coc.Testing.Support;

namespace Coc.Server.Tests;

/// <summary>
/// The built server (<c>coc-incident.dll</c>, copied beside the test assembly) as a separate OS process on a
/// loopback port, so that it can be killed with SIGKILL and started again on the same SQLite file.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly bool _emulator;
    private readonly string? _db;
    private readonly IReadOnlyList<string> _settings;
    private readonly System.Text.StringBuilder _earlierOutput = new();
    private LaunchedServer? _launch;
    private int _port;

    /// <param name="db">A PostgreSQL connection string: the server uses it instead of the SQLite file.</param>
    /// <param name="settings">More settings, e.g. <c>Coc:TicketCache=0</c>.</param>
    public ServerProcess(string dataPath, bool emulator = false, string? db = null, IReadOnlyList<string>? settings = null)
    {
        DataPath = dataPath;
        _emulator = emulator;
        _db = db;
        _settings = settings ?? [];
    }

    public string DataPath { get; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1:1");

    public bool IsRunning => _launch is { HasExited: false };

    /// <summary>What the process wrote to stdout and stderr over all its starts, for failure messages.</summary>
    public string Output => _earlierOutput + (_launch?.Output ?? "");

    public static async Task<ServerProcess> StartAsync(
        string dataPath, bool emulator = false, string? db = null, bool waitUntilReady = true, IReadOnlyList<string>? settings = null)
    {
        var server = new ServerProcess(dataPath, emulator, db, settings);
        try
        {
            await server.StartAsync(waitUntilReady);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts the process and waits until <c>GET /readyz</c> answers 200. The first start picks a free port; a
    /// restart listens on the same one, so clients made before the crash keep working, as they would in production.
    /// </summary>
    public async Task StartAsync(bool waitUntilReady = true)
    {
        if (IsRunning) throw new InvalidOperationException("the server process is already running");
        Kill();
        if (_port == 0) _port = TestProcesses.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{_port}");
        var args = new List<string> { "--data", DataPath, "--urls", BaseAddress.ToString().TrimEnd('/') };
        if (_emulator) args.Add("--emulator");
        if (_db is not null) args.AddRange(["--db", _db]);
        args.Add("--Coc:RateLimitPerSecond=0");
        args.Add($"--{TestPasswords.Setting.Key}={TestPasswords.Setting.Value}");
        foreach (var (name, value) in TestKey.Settings()) args.Add($"--{name}={value}");
        foreach (var setting in _settings) args.Add("--" + setting);
        _launch = LaunchedServer.Start(args);
        await _launch.WaitForAsync(BaseAddress, waitUntilReady ? "/readyz" : "/healthz");
    }

    /// <summary>SIGKILL, no shutdown: what a crash looks like to the database.</summary>
    public void Kill()
    {
        if (_launch is null) return;
        _launch.Kill();
        _earlierOutput.Append(_launch.Output);
        _launch = null;
    }

    public async Task RestartAsync()
    {
        Kill();
        await StartAsync();
    }

    /// <summary>A client that signs its requests with the suite's key (configured on the command line).</summary>
    public HttpClient CreateClient() =>
        new(new SdkSigningHandler(TestKey.Suite, () => DateTimeOffset.UtcNow) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30),
        };

    public void Dispose() => Kill();
}
