using Coc.Testing.Support;

namespace Coc.Console.Tests;

/// <summary>
/// The real server (<c>coc-incident.dll</c> and its <c>wwwroot/</c>, copied beside the tests through the project
/// reference) as a separate process on a free loopback port, with its own SQLite file in a temporary folder.
/// </summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    private LaunchedServer? _launch;

    private ConsoleServer(string directory, bool emulator)
    {
        Directory = directory;
        Emulator = emulator;
    }

    /// <summary>Holds the database and, in secure mode, the first-start <c>admin-credentials.json</c>.</summary>
    public string Directory { get; }

    public bool Emulator { get; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1:1");

    public string Output => _launch?.Output ?? "";

    public static async Task<ConsoleServer> StartAsync(bool emulator)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"coc-console-tests-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(dir);
        var server = new ConsoleServer(dir, emulator);
        try
        {
            server.BaseAddress = new Uri($"http://127.0.0.1:{TestProcesses.FreePort()}");
            var args = new List<string> { "--data", Path.Combine(dir, "coc.db"), "--urls", server.BaseAddress.ToString().TrimEnd('/') };
            if (emulator) args.Add("--emulator");
            server._launch = LaunchedServer.Start(args);
            await server._launch.WaitForAsync(server.BaseAddress, "/readyz");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        _launch?.Kill();
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
}
