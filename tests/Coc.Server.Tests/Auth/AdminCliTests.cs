using Coc.Testing.Support;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Coc.Server.Tests.Auth;

/// <summary><c>coc-incident admin …</c> as a separate process on a database file, then a server on the same file.</summary>
public sealed partial class AdminCliTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coc-auth-cli-tests", Guid.NewGuid().ToString("N"));
    private readonly string? _postgres = TestEngine.IsPostgres ? TestEngine.CreateDatabase() : null;

    public AdminCliTests() => Directory.CreateDirectory(_directory);

    private string DataPath => Path.Combine(_directory, "coc.db");

    private Task<(int ExitCode, string Stdout, string Stderr)> AdminAsync(params string[] args) => AdminOnAsync(_postgres, args);

    /// <param name="postgres">null: the SQLite file.</param>
    private Task<(int ExitCode, string Stdout, string Stderr)> AdminOnAsync(string? postgres, params string[] args) =>
        RunAdminAsync(postgres, null, new Dictionary<string, string>(), args);

    /// <summary>An admin command with <paramref name="stdin"/> on its standard input (e.g. a password).</summary>
    private Task<(int ExitCode, string Stdout, string Stderr)> AdminWithInputAsync(string stdin, params string[] args) =>
        RunAdminAsync(_postgres, stdin, new Dictionary<string, string>(), args);

    /// <param name="environment">variables for the command's process only.</param>
    private Task<(int ExitCode, string Stdout, string Stderr)> AdminWithAsync(
        string? postgres, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAdminAsync(postgres, null, environment, args);

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAdminAsync(
        string? postgres, string? stdin, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo(TestProcesses.DotnetHost())
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "coc-incident.dll"));
        start.ArgumentList.Add("admin");
        foreach (var a in args) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--data");
        start.ArgumentList.Add(DataPath);
        if (postgres is not null) { start.ArgumentList.Add("--db"); start.ArgumentList.Add(postgres); }
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the admin command");
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Value(string output, string name)
    {
        var match = Regex.Match(output, "^" + Regex.Escape(name) + "=(.+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no {name}= in:\n{output}");
        return match.Groups[1].Value.Trim();
    }

    [Fact]
    public async Task A_second_server_on_the_same_SQLite_file_refuses_to_start_while_admin_commands_still_run_beside_the_first()
    {
        using var first = await ServerProcess.StartAsync(DataPath, emulator: true);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(DataPath, emulator: true));
        Assert.Contains("exited with 3", e.Message);
        Assert.Contains("is in use by another coc-incident server", e.Message);

        var project = await AdminOnAsync(null, "create-project", "--name", "beside-the-server");
        Assert.True(project.ExitCode == 0, $"create-project beside a running server: {project}");
        using var client = first.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task A_PostgreSQL_connection_string_with_an_unknown_option_stops_the_start_with_a_message_and_no_password()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ServerProcess.StartAsync(DataPath, emulator: true, db: "postgres://coc:s3cret-pw@127.0.0.1:1/coc?No_Such_Option=1"));
        Assert.Contains("exited with 2", e.Message);
        Assert.Contains("connection string (--db / Coc:Db) is not valid", e.Message);
        Assert.DoesNotContain("s3cret-pw", e.Message);
    }

    [Fact]
    public async Task Servers_without_the_ticket_cache_share_a_SQLite_file_and_see_each_other_s_tickets()
    {
        string[] noCache = ["Coc:TicketCache=0"];
        using var a = await ServerProcess.StartAsync(DataPath, emulator: true, settings: noCache);
        using var b = await ServerProcess.StartAsync(DataPath, emulator: true, settings: noCache);
        using var clientA = a.CreateClient();
        using var clientB = b.CreateClient();
        var number = await new CocApi(clientA, "shared").CreateAsync(Bodies.Create("made on server a"));
        await new CocApi(clientA, "shared").TicketAsync(number);
        var accepted = await new CocApi(clientB, "shared").HandleAsync(number, People.Alice, "acceptedIncident1");
        Wire.AssertOk(accepted);
        Assert.Equal(Statuses.Acknowledged, await new CocApi(clientA, "shared").StatusAsync(number));

        // A server with the cache (the default) would not see b's writes: it refuses to join them.
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(DataPath, emulator: true));
        Assert.Contains("exited with 3", e.Message);
    }

    [Fact]
    public async Task Create_project_and_key_then_a_server_on_the_same_file_honours_the_key_s_permissions()
    {
        var project = await AdminAsync("create-project", "--name", "cli-region-1");
        Assert.True(project.ExitCode == 0, $"create-project: {project}");
        var projectId = Value(project.Stdout, "project_id");

        var key = await AdminAsync("create-key", "--project", projectId, "--permissions", "coc:ticket:get");
        Assert.True(key.ExitCode == 0, $"create-key: {key}");
        var created = new TestKey(Value(key.Stdout, "access_key"), Value(key.Stdout, "secret_key"));
        Assert.Matches(SecretShape(), created.SecretKey);

        var list = await AdminAsync("list-keys");
        Assert.True(list.ExitCode == 0, $"list-keys: {list}");
        Assert.Contains(created.AccessKey, list.Stdout, StringComparison.Ordinal);
        Assert.Contains("coc:ticket:get", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(created.SecretKey, list.Stdout + list.Stderr, StringComparison.Ordinal);

        var bad = await AdminAsync("create-key", "--project", projectId, "--permissions", "coc:ticket:everything");
        Assert.NotEqual(0, bad.ExitCode);

        using var server = await ServerProcess.StartAsync(DataPath, db: _postgres);
        using var suite = server.CreateClient();
        var number = await new CocApi(suite, projectId).CreateAsync(Bodies.Create("made for the CLI key"));
        using var http = new HttpClient(new SdkSigningHandler(created, () => DateTimeOffset.UtcNow) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = server.BaseAddress,
        };
        var reader = new CocApi(http, projectId);

        var details = await reader.DetailsAsync(number);
        var create = await reader.TryCreateAsync();
        var list2 = await reader.ListAsync();
        var elsewhere = await reader.InProject("default").DetailsAsync(number);
        var withoutHeader = await CocApi.WithoutProjectHeader(http).DetailsAsync(number);

        Wire.AssertOk(details);
        Wire.AssertString(details.Data, "incident_title", "made for the CLI key");
        Wire.AssertError(create, HttpStatusCode.Forbidden, AuthAssert.Forbidden, "coc:ticket:create");
        Wire.AssertError(list2, HttpStatusCode.Forbidden, AuthAssert.Forbidden, "coc:ticket:list");
        Wire.AssertError(elsewhere, HttpStatusCode.Forbidden, AuthAssert.Forbidden);
        Wire.AssertOk(withoutHeader); // a bound key without X-Project-Id acts in its project
        Assert.DoesNotContain(created.SecretKey, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_key_is_refused_and_a_created_user_can_get_a_token()
    {
        var key = await AdminAsync("create-key", "--global", "--domain", "default", "--permissions", "coc:*");
        Assert.True(key.ExitCode == 0, $"create-key: {key}");
        var created = new TestKey(Value(key.Stdout, "access_key"), Value(key.Stdout, "secret_key"));
        var user = await AdminWithInputAsync("cli-password-0123456789\n",
            "create-user", "--name", "cli-alice", "--global", "--password-stdin", "--permissions", "coc:ticket:list");
        Assert.True(user.ExitCode == 0, $"create-user: {user}");
        Assert.DoesNotContain("cli-password-0123456789", user.Stdout, StringComparison.Ordinal);

        using var server = await ServerProcess.StartAsync(DataPath, db: _postgres);
        using var http = new HttpClient(new SdkSigningHandler(created, () => DateTimeOffset.UtcNow) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = server.BaseAddress,
        };
        Wire.AssertOk(await CocApi.WithoutProjectHeader(http).ListAsync());
        using var plain = new HttpClient { BaseAddress = server.BaseAddress };
        using var tokenResponse = await plain.PostAsync("/v3/auth/tokens",
            CocApi.Raw(TokenServer.TokenRequest("cli-alice", "cli-password-0123456789", project: null).ToJsonString(), "application/json"));
        Assert.Equal(HttpStatusCode.Created, tokenResponse.StatusCode);

        var deleted = await AdminAsync("delete-key", "--access-key", created.AccessKey);
        Assert.True(deleted.ExitCode == 0, $"delete-key: {deleted}");
        AuthAssert.Unauthorized(await CocApi.WithoutProjectHeader(http).ListAsync());
    }

    [GeneratedRegex("^[A-Za-z0-9]{20,}$")]
    private static partial Regex SecretShape();


    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgres is not null) TestEngine.DropDatabase(_postgres);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Under the temp folder; a process may still hold the file for a moment.
        }
    }
}
