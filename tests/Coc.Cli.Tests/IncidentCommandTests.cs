using System.Text.Json.Nodes;

namespace Coc.Cli.Tests;

/// <summary>The CLI against an emulator-mode server over loopback: the ticket workflow, JSON output, exit codes.</summary>
public sealed class IncidentCommandTests(EmulatorServerFixture fixture) : IClassFixture<EmulatorServerFixture>
{
    private readonly CliEmulator _server = fixture.Server;

    private Task<CliRun> Coc(params string[] args) => CliRun.RunAsync(_server.Environment(), args);

    private async Task<string> CreateAsync(string title)
    {
        var created = await Coc("incidents", "create", "--title", title, "--level", "level_40", "--assignee", CliEmulator.Person, "-o", "json");
        Assert.True(created.ExitCode == 0, created.ToString());
        return created.Json["incident_num"]!.GetValue<string>();
    }

    [Fact]
    public async Task Create_list_accept_show_and_histories_follow_the_ticket()
    {
        var number = await CreateAsync("cli: disk full on db-1");
        Assert.StartsWith("IM", number);

        var list = await Coc("incidents", "list", "--query", "cli: disk full", "-o", "json");
        Assert.True(list.ExitCode == 0, list.ToString());
        var row = list.Json["IncidentSimpleTicketInfos"]!.AsArray().Single(t => t!["ticket_id"]!.GetValue<string>() == number)!;
        Assert.Equal("INCIDENT_STATUS_TRIGGERED", row["status"]!.GetValue<string>());
        Assert.Equal("level_40", row["level"]!.GetValue<string>());

        var accept = await Coc("incidents", "accept", number);
        Assert.True(accept.ExitCode == 0, accept.ToString());
        Assert.Contains($"acceptedIncident1 on {number}", accept.Stdout);

        var show = await Coc("incidents", "show", number, "--output", "json");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Equal("INCIDENT_STATUS_ACKNOWLEDGED", show.Json["status"]!.GetValue<string>());
        Assert.Equal("cli: disk full on db-1", show.Json["incident_title"]!.GetValue<string>());

        var solve = await Coc("incidents", "solve", number, "--type", "inc_type_p_function_issues", "--cause", "log volume", "--solution", "rotated logs");
        Assert.True(solve.ExitCode == 0, solve.ToString());
        var verify = await Coc("incidents", "verify", number, "--result", "true", "--comment", "fine now");
        Assert.True(verify.ExitCode == 0, verify.ToString());

        var histories = await Coc("histories", number, "-o", "json");
        Assert.True(histories.ExitCode == 0, histories.ToString());
        Assert.Equal(["create", "acceptedIncident1", "commitSolution1", "confirm"],
            histories.Json["info"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()));
        Assert.Equal("INCIDENT_STATUS_COMPLETED", (await Coc("incidents", "show", number, "-o", "json")).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_table_shows_the_ticket_in_a_row()
    {
        var number = await CreateAsync("cli: table row");
        var table = await Coc("incidents", "list", "--query", "cli: table row");
        Assert.True(table.ExitCode == 0, table.ToString());
        var line = table.Stdout.Split('\n').Single(l => l.Contains(number));
        Assert.Contains("level_40", line);
        Assert.Contains("INCIDENT_STATUS_TRIGGERED", line);
        Assert.Contains("cli: table row", line);
    }

    [Fact]
    public async Task An_operation_not_allowed_in_the_status_exits_with_the_conflict_code()
    {
        var number = await CreateAsync("cli: accepted twice");
        Assert.Equal(0, (await Coc("incidents", "accept", number)).ExitCode);
        var again = await Coc("incidents", "accept", number);
        Assert.True(again.ExitCode == ExitCodes.Conflict, again.ToString());
        Assert.Contains("HTTP 409 GOM.00007258", again.Stderr);
        Assert.Contains("request id", again.Stderr);
        Assert.Equal("", again.Stdout);
    }

    [Fact]
    public async Task A_path_the_service_does_not_have_is_404_and_exits_with_the_client_error_code()
    {
        // the same command against an endpoint whose base path serves nothing: every path under it is 404 APIGW.0101
        var missing = await CliRun.RunAsync(_server.Environment(("COC_ENDPOINT", new Uri(_server.BaseAddress, "no-such-base/").ToString())),
            "incidents", "show", "IM202601010000000000000001");
        Assert.True(missing.ExitCode == ExitCodes.ClientError, missing.ToString());
        Assert.Contains("HTTP 404 APIGW.0101", missing.Stderr);
    }

    [Fact]
    public async Task An_unknown_ticket_is_the_services_400_and_exits_with_the_client_error_code()
    {
        var unknown = await Coc("incidents", "show", "IM202601010000000000000001", "-o", "json");
        Assert.True(unknown.ExitCode == ExitCodes.ClientError, unknown.ToString());
        Assert.Contains("COC.00067003", unknown.Stderr);
    }

    [Fact]
    public async Task A_missing_required_option_is_a_usage_error_and_sends_nothing()
    {
        var before = (await Coc("incidents", "list", "-o", "json")).Json["total"]!.GetValue<long>();
        var run = await Coc("incidents", "create", "--level", "level_50", "--assignee", CliEmulator.Person);
        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("--title", run.Stderr);
        Assert.Equal(before, (await Coc("incidents", "list", "-o", "json")).Json["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Without_an_operator_a_workflow_command_is_a_usage_error()
    {
        var number = await CreateAsync("cli: no operator");
        var environment = _server.Environment();
        environment.Remove("COC_OPERATOR");
        var run = await CliRun.RunAsync(environment, "incidents", "accept", number);
        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("--operator", run.Stderr);
    }

    [Fact]
    public async Task An_endpoint_nobody_listens_on_exits_with_the_network_code()
    {
        var port = Testing.Support.TestProcesses.FreePort();
        var run = await CliRun.RunAsync(_server.Environment(("COC_ENDPOINT", $"http://127.0.0.1:{port}")), "incidents", "list");
        Assert.True(run.ExitCode == ExitCodes.ServerOrNetwork, run.ToString());
        Assert.Contains("cannot reach", run.Stderr);
    }

    [Fact]
    public async Task The_generic_handle_command_runs_any_operate_key_with_typed_parameters()
    {
        var number = await CreateAsync("cli: generic handle");
        var run = await Coc("incidents", "handle", number, "--key", "rejected", "--param", "virtual_confirm_comment=not mine");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("INCIDENT_STATUS_REJECTED", (await Coc("incidents", "show", number, "-o", "json")).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Emulator_info_comes_from_the_control_plane()
    {
        var info = await Coc("emulator", "info", "-o", "json");
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Equal("emulator", info.Json["mode"]!.GetValue<string>());
        Assert.True(info.Json["tickets"] is JsonValue);
    }

    [Fact]
    public async Task An_attachment_uploads_and_downloads_the_same_bytes()
    {
        var number = await CreateAsync("cli: attachment");
        var dir = Directory.CreateTempSubdirectory("coc-cli-att-").FullName;
        var file = Path.Combine(dir, "notes.txt");
        await File.WriteAllTextAsync(file, "what we saw at 03:12\n");
        var upload = await Coc("attachments", "upload", file, "--incident", number);
        Assert.True(upload.ExitCode == 0, upload.ToString());
        var docId = upload.Stdout.Trim();
        Assert.NotEmpty(docId);
        var copy = Path.Combine(dir, "copy.txt");
        var download = await Coc("attachments", "download", docId, "--to", copy);
        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.Equal("what we saw at 03:12\n", await File.ReadAllTextAsync(copy));
        Directory.Delete(dir, true);
    }

}
