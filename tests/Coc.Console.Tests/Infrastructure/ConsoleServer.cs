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

    /// <param name="settings">More server flags, e.g. <c>--Coc:TokenLifetimeHours=0.1</c>.</param>
    public static async Task<ConsoleServer> StartAsync(bool emulator, params string[] settings)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"coc-console-tests-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(dir);
        var server = new ConsoleServer(dir, emulator);
        try
        {
            server.BaseAddress = new Uri($"http://127.0.0.1:{TestProcesses.FreePort()}");
            var args = new List<string> { "--data", Path.Combine(dir, "coc.db"), "--urls", server.BaseAddress.ToString().TrimEnd('/') };
            if (emulator) args.Add("--emulator");
            args.AddRange(settings);
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

    /// <summary>Runs <c>admin create-user</c> against this server's database (beside the running server), the password on
    /// standard input as an operator would give it.</summary>
    public async Task CreateUserAsync(string name, string password, string person, string permissions)
    {
        var start = new System.Diagnostics.ProcessStartInfo(TestProcesses.DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "coc-incident.dll"), "admin", "create-user", "--name", name, "--global",
                     "--password-stdin", "--person", person, "--permissions", permissions, "--data", Path.Combine(Directory, "coc.db") })
            start.ArgumentList.Add(a);
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start admin create-user");
        await process.StandardInput.WriteLineAsync(password);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"admin create-user exited {process.ExitCode}: {await stdout}{await stderr}");
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
