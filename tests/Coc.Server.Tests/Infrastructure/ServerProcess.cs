using Coc.Tests.Shared;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Coc.Server.Tests;

/// <summary>
/// The built server (<c>coc-incident.dll</c>, copied beside the test assembly) as a separate OS process on a
/// loopback port, so that it can be killed with SIGKILL and started again on the same SQLite file.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly StringBuilder _output = new();
    private readonly bool _emulator;
    private readonly string? _db;
    private readonly IReadOnlyList<string> _settings;
    private Process? _process;
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

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>What the process wrote to stdout and stderr, for failure messages.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

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
        if (_port == 0) _port = TestProcesses.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{_port}");
        var dll = Path.Combine(AppContext.BaseDirectory, "coc-incident.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("the server assembly is not beside the tests", dll);

        var start = new ProcessStartInfo(TestProcesses.DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--data", DataPath, "--urls", BaseAddress.ToString().TrimEnd('/') })
            start.ArgumentList.Add(arg);
        if (_emulator) start.ArgumentList.Add("--emulator");
        if (_db is not null) { start.ArgumentList.Add("--db"); start.ArgumentList.Add(_db); }
        start.ArgumentList.Add("--Coc:RateLimitPerSecond=0");
        foreach (var (name, value) in TestKey.Settings()) start.ArgumentList.Add($"--{name}={value}");
        foreach (var setting in _settings) start.ArgumentList.Add("--" + setting);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        if (!process.Start()) throw new InvalidOperationException("could not start " + dll);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var probePath = waitUntilReady ? "/readyz" : "/healthz";
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                process.WaitForExit(); // the output still in flight is read to its end
                throw new InvalidOperationException($"the server process exited with {process.ExitCode} before it was ready:\n{Output}");
            }
            try
            {
                using var response = await probe.GetAsync(probePath);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer; try again.
            }
            if (deadline.Elapsed > ReadyTimeout)
            {
                Kill();
                throw new TimeoutException($"GET {probePath} did not answer 200 within {ReadyTimeout}:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL, no shutdown: what a crash looks like to the database.</summary>
    public void Kill()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        _process = null;
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

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }


}
