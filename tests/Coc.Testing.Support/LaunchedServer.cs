using System.Diagnostics;

namespace Coc.Testing.Support;

/// <summary>
/// The built server (<c>coc-incident.dll</c>, copied beside the tests) as a child process whose output is kept:
/// started and awaited the same way by every suite that needs a real process.
/// </summary>
public sealed class LaunchedServer : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly ChildProcess _process;

    private LaunchedServer(ChildProcess process) => _process = process;

    /// <summary>What the process wrote to stdout and stderr, for failure messages.</summary>
    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet coc-incident.dll ARGUMENTS</c>, without the ASP.NET and <c>COC__</c> settings of the
    /// environment the tests run in. <paramref name="umask"/> (e.g. "000"): run it under that umask, through sh; <paramref name="environment"/>: variables
    /// for the child only.</summary>
    public static LaunchedServer Start(IEnumerable<string> arguments, string? umask = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "coc-incident.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("the server assembly is not beside the tests", dll);
        var start = new ProcessStartInfo(TestProcesses.DotnetHost()) { WorkingDirectory = AppContext.BaseDirectory };
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
        return new LaunchedServer(ChildProcess.Start(start, "the server process"));
    }

    /// <summary>Waits until <c>GET path</c> answers 200. Throws, with the output, if the process exits first or the
    /// time runs out (the process is killed then).</summary>
    public Task WaitForAsync(Uri baseAddress, string path) => _process.WaitForAsync(baseAddress, path, ReadyTimeout);

    /// <summary>SIGKILL of the process tree, no shutdown: what a crash looks like to the database.</summary>
    public void Kill() => _process.Kill();

    public void Dispose() => Kill();
}
