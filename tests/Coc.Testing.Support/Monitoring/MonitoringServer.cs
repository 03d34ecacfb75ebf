namespace Coc.Testing.Support.Monitoring;

/// <summary>
/// A monitoring server (Alertmanager, Prometheus) started by the tests: its own free loopback port and temp
/// directory, output kept for failure messages, ready when <c>GET /-/ready</c> answers 200, killed with its
/// directory removed on dispose; its HTTP API is called with a bounded timeout.
/// </summary>
public abstract class MonitoringServer : IAsyncDisposable, IDisposable
{
    private const int PortAttempts = 3;
    private readonly Started _started;
    private bool _disposed;

    private protected MonitoringServer(Started started, TimeSpan timeout)
    {
        _started = started;
        Api = new HttpClient { BaseAddress = started.BaseAddress, Timeout = timeout };
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress => _started.BaseAddress;

    /// <summary>What the server logged (warnings and errors), for failure messages.</summary>
    public string Output => _started.Process.Output;

    private protected HttpClient Api { get; }

    private protected sealed record Started(ChildProcess Process, string Directory, Uri BaseAddress);

    /// <summary>The binary <paramref name="explicitPath"/>, else the one <paramref name="variable"/> names, else
    /// <paramref name="defaultPath"/>; a clear failure when it does not exist.</summary>
    private protected static string ResolveBinary(string? explicitPath, string variable, string defaultPath, string product, string package)
    {
        var path = explicitPath ?? Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(path)) path = defaultPath;
        if (File.Exists(path)) return path;
        throw new FileNotFoundException(
            $"{product} is not installed: no binary at {path}. Install the Debian package '{package}' " +
            $"(scripts/setup.d/30-alertmanager.sh does when scripts/test runs) or set {variable} to the binary's path.", path);
    }

    /// <summary>Writes <paramref name="configFile"/> (<paramref name="config"/>) into a new temp directory and starts
    /// <paramref name="binary"/> with the arguments <paramref name="arguments"/> makes for that directory and a listen
    /// address (<c>127.0.0.1:PORT</c>); tries another port when the chosen one was taken meanwhile.</summary>
    private protected static async Task<Started> StartAsync(string binary, string name, string configFile, string config,
        Func<string, string, IEnumerable<string>> arguments, TimeSpan timeout)
    {
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory($"coc-{name}-").FullName;
            File.WriteAllText(Path.Combine(directory, configFile), config);
            var listen = $"127.0.0.1:{TestProcesses.FreePort()}";
            var start = new System.Diagnostics.ProcessStartInfo(binary) { WorkingDirectory = directory };
            foreach (var arg in arguments(directory, listen)) start.ArgumentList.Add(arg);
            var started = new Started(ChildProcess.Start(start, name), directory, new Uri($"http://{listen}/"));
            try
            {
                await started.Process.WaitForAsync(started.BaseAddress, "-/ready", timeout);
                return started;
            }
            catch (InvalidOperationException) when (attempt < PortAttempts && started.Process.Output.Contains("address already in use"))
            {
                Stop(started);
            }
            catch
            {
                Stop(started);
                throw;
            }
        }
    }

    /// <summary>A duration as Prometheus and Alertmanager configurations write it.</summary>
    private protected static string Duration(TimeSpan span) => $"{(long)span.TotalMilliseconds}ms";

    /// <summary>An API call's failure, with the server's answer and log.</summary>
    private protected async Task EnsureSuccessAsync(HttpResponseMessage response, string call)
    {
        if (response.IsSuccessStatusCode) return;
        var text = await response.Content.ReadAsStringAsync();
        throw new HttpRequestException($"{call} answered {(int)response.StatusCode}: {text}\n{Output}");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Api.Dispose();
        Stop(_started);
        GC.SuppressFinalize(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Stop(Started started)
    {
        started.Process.Kill();
        try
        {
            Directory.Delete(started.Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the dying process: the temp directory is left to the OS.
        }
    }
}
