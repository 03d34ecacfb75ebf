using Coc.Tests.Shared;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Coc.Console.Tests;

/// <summary>
/// The real server (<c>coc-incident.dll</c> and its <c>wwwroot/</c>, copied beside the tests through the project
/// reference) as a separate process on a free loopback port, with its own SQLite file in a temporary folder.
/// </summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly StringBuilder _output = new();
    private Process? _process;

    private ConsoleServer(string directory, bool emulator)
    {
        Directory = directory;
        Emulator = emulator;
    }

    /// <summary>Holds the database and, in secure mode, the first-start <c>admin-credentials.json</c>.</summary>
    public string Directory { get; }

    public bool Emulator { get; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1:1");

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static async Task<ConsoleServer> StartAsync(bool emulator)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"coc-console-tests-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(dir);
        var server = new ConsoleServer(dir, emulator);
        try
        {
            await server.StartProcessAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task StartProcessAsync()
    {
        var port = TestProcesses.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var dll = Path.Combine(AppContext.BaseDirectory, "coc-incident.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("the server assembly is not beside the tests", dll);

        var start = new ProcessStartInfo(TestProcesses.DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        if (Emulator) start.ArgumentList.Add("--emulator");
        foreach (var arg in new[] { "--data", Path.Combine(Directory, "coc.db"), "--urls", $"http://127.0.0.1:{port}" })
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("COC__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        if (!process.Start()) throw new InvalidOperationException("could not start " + dll);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"the server exited with {process.ExitCode} before it was ready:\n{Output}");
            try
            {
                using var response = await probe.GetAsync("/readyz");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer.
            }
            if (clock.Elapsed > ReadyTimeout) throw new TimeoutException($"GET /readyz did not answer 200 within {ReadyTimeout}:\n{Output}");
            await Task.Delay(100);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
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
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }


}
