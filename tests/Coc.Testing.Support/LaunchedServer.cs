using System.Diagnostics;
using System.Net;
using System.Text;

namespace Coc.Testing.Support;

/// <summary>
/// The built server (<c>coc-incident.dll</c>, copied beside the tests) as a child process whose output is kept:
/// started and awaited the same way by every suite that needs a real process.
/// </summary>
public sealed class LaunchedServer : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly StringBuilder _output = new();
    private readonly Process _process;
    private bool _killed;

    private LaunchedServer(Process process) => _process = process;

    /// <summary>What the process wrote to stdout and stderr, for failure messages.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _killed || _process.HasExited;

    /// <summary>Starts <c>dotnet coc-incident.dll ARGUMENTS</c>, without the ASP.NET and <c>COC__</c> settings of the
    /// environment the tests run in. <paramref name="umask"/> (e.g. "000"): run it under that umask, through sh; <paramref name="environment"/>: variables
    /// for the child only.</summary>
    public static LaunchedServer Start(IEnumerable<string> arguments, string? umask = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "coc-incident.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("the server assembly is not beside the tests", dll);
        var start = new ProcessStartInfo(TestProcesses.DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (umask is not null)
        {
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"umask {umask} && exec \"$0\" \"$@\"");
            start.ArgumentList.Add(TestProcesses.DotnetHost());
        }
        start.ArgumentList.Add(dll);
        foreach (var arg in arguments) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("COC__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new LaunchedServer(process);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        if (!process.Start()) throw new InvalidOperationException("could not start " + dll);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits until <c>GET path</c> answers 200. Throws, with the output, if the process exits first or the
    /// time runs out (the process is killed then).</summary>
    public async Task WaitForAsync(Uri baseAddress, string path)
    {
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // the output still in flight is read to its end
                throw new InvalidOperationException($"the server process exited with {_process.ExitCode} before it was ready:\n{Output}");
            }
            try
            {
                using var response = await probe.GetAsync(path);
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
            if (clock.Elapsed > ReadyTimeout)
            {
                Kill();
                throw new TimeoutException($"GET {path} did not answer 200 within {ReadyTimeout}:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL of the process tree, no shutdown: what a crash looks like to the database.</summary>
    public void Kill()
    {
        if (_killed) return;
        _killed = true;
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
    }

    public void Dispose() => Kill();

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
