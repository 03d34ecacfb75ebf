using System.Diagnostics;
using System.Text.Json.Nodes;
using Coc.Testing.Support;

namespace Coc.Cli.Tests;

/// <summary>
/// What a new user does: scripts/pack, then both tools installed from the package folder into a tool path of their own,
/// the installed server started in emulator mode and the installed CLI run against it.
/// </summary>
public sealed class PackagedToolsTests : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);
    private readonly string _root = Directory.CreateTempSubdirectory("coc-cli-pack-").FullName;

    [Fact]
    public async Task The_packed_tools_install_and_the_installed_coc_talks_to_the_installed_server()
    {
        var repo = RepositoryRoot();
        var version = "1.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
        var packages = Path.Combine(_root, "packages");
        var tools = Path.Combine(_root, "tools");
        var isolated = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "nuget"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };

        var pack = await RunAsync(Path.Combine(repo, "scripts", "pack"), ["-p:VersionSuffix=" + version[6..]], repo,
            new Dictionary<string, string> { ["COC_PACK_OUTPUT"] = packages }, PackTimeout);
        Assert.True(pack.Code == 0, pack.Output);
        Assert.True(File.Exists(Path.Combine(packages, $"coc-incident.{version}.nupkg")), pack.Output);
        Assert.True(File.Exists(Path.Combine(packages, $"coc-cli.{version}.nupkg")), pack.Output);
        // the repository URL is a placeholder: no package may name it as its source (docs/decisions.md, CLI and packaging)
        foreach (var package in new[] { "coc-incident", "coc-cli", "Coc.Client", "Coc.Testing" })
        {
            var nuspec = Nuspec(Path.Combine(packages, $"{package}.{version}.nupkg"));
            Assert.DoesNotContain("<repository", nuspec);
            Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);
        }

        foreach (var package in new[] { "coc-incident", "coc-cli" })
        {
            var install = await RunAsync(TestProcesses.DotnetHost(),
                ["tool", "install", "--tool-path", tools, "--add-source", packages, package, "--version", version], _root, isolated, TimeSpan.FromMinutes(3));
            Assert.True(install.Code == 0, install.Output);
        }

        var port = TestProcesses.FreePort();
        var endpoint = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(Path.Combine(tools, "coc-incident")) { WorkingDirectory = _root };
        foreach (var arg in new[] { "--emulator", "--data", ":memory:", "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(arg);
        start.Environment["HOME"] = _root;
        start.Environment.Remove("ASPNETCORE_URLS");
        using var server = ChildProcess.Start(start, "the installed coc-incident");
        await server.WaitForAsync(endpoint, "/readyz", TimeSpan.FromSeconds(60));

        // the console's files come from the tool's own install folder
        using (var http = new HttpClient { BaseAddress = endpoint })
        {
            var console = await http.GetAsync("/console/");
            Assert.True(console.IsSuccessStatusCode, $"GET /console/ answered {(int)console.StatusCode}\n{server.Output}");
            Assert.Contains("<html", await console.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }

        var coc = Path.Combine(tools, "coc");
        var cocEnvironment = new Dictionary<string, string> { ["COC_ENDPOINT"] = endpoint.ToString(), ["HOME"] = _root };
        var created = await RunAsync(coc, ["incidents", "create", "--title", "installed tools smoke", "--level", "level_30",
            "--assignee", "p-smoke", "--creator", "p-smoke", "-o", "json"], _root, cocEnvironment, TimeSpan.FromSeconds(60));
        Assert.True(created.Code == 0, created.Output + server.Output);
        var number = JsonNode.Parse(created.Stdout)!["incident_num"]!.GetValue<string>();

        var list = await RunAsync(coc, ["incidents", "list", "-o", "json"], _root, cocEnvironment, TimeSpan.FromSeconds(60));
        Assert.True(list.Code == 0, list.Output);
        var rows = JsonNode.Parse(list.Stdout)!["IncidentSimpleTicketInfos"]!.AsArray();
        var row = Assert.Single(rows);
        Assert.Equal(number, row!["ticket_id"]!.GetValue<string>());
        Assert.Equal("installed tools smoke", row["title"]!.GetValue<string>());

        var missing = await RunAsync(coc, ["incidents", "accept", "IM202601010000000000000001", "--operator", "p-smoke"], _root, cocEnvironment, TimeSpan.FromSeconds(60));
        Assert.True(missing.Code == ExitCodes.ClientError, missing.Output);
    }

    private sealed record Ran(int Code, string Stdout, string Output);

    private static async Task<Ran> RunAsync(string file, string[] args, string directory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("COC_", StringComparison.Ordinal) || k.StartsWith("HUAWEICLOUD_SDK_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        var output = $"$ {Path.GetFileName(file)} {string.Join(' ', args)} → {process.ExitCode}\n{await stdout}\n{await stderr}";
        return new Ran(process.ExitCode, await stdout, output);
    }

    private static string Nuspec(string nupkg)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(nupkg);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CocIncident.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("CocIncident.sln is not above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
