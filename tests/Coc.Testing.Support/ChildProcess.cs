using System.Diagnostics;
using System.Net;
using System.Text;

namespace Coc.Testing.Support;

/// <summary>
/// A child process whose stdout and stderr are kept (for failure messages), awaited until an HTTP path answers 200 and
/// killed with its whole tree: what the server launcher and the monitoring servers (Alertmanager, Prometheus) share.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;
    private readonly string _name;
    private bool _killed;

    private ChildProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    /// <summary>What the process wrote to stdout and stderr.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _killed || _process.HasExited;

    /// <summary>Starts <paramref name="start"/> (its output is redirected here); <paramref name="name"/> names it in messages.</summary>
    public static ChildProcess Start(ProcessStartInfo start, string name)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(process, name);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        if (!process.Start()) throw new InvalidOperationException("could not start " + start.FileName);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until <c>GET path</c> answers 200. Throws, with the output, an <see cref="InvalidOperationException"/>
    /// if the process exits first or a <see cref="TimeoutException"/> when the time runs out (the process is killed then).</summary>
    public async Task WaitForAsync(Uri baseAddress, string path, TimeSpan timeout)
    {
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // the output still in flight is read to its end
                throw new InvalidOperationException($"{_name} exited with {_process.ExitCode} before it was ready:\n{Output}");
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
            if (clock.Elapsed > timeout)
            {
                Kill();
                throw new TimeoutException($"{_name}: GET {path} did not answer 200 within {timeout}:\n{Output}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL of the process tree, no shutdown: what a crash looks like.</summary>
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
