using System.Text.Json.Nodes;

namespace Coc.Cli.Tests;

/// <summary>
/// <c>coc emulator …</c> end to end against an emulator-mode server over loopback: every control-plane command is run
/// through the CLI and its effect is read back through the API (<c>/_coc/…</c>, the ticket API) or the CLI's JSON output.
/// The class has its own server, so its resets, restores and clock moves touch no other test's data.
/// </summary>
public sealed class EmulatorCommandTests(EmulatorServerFixture fixture) : IClassFixture<EmulatorServerFixture>, IDisposable
{
    private readonly CliEmulator _server = fixture.Server;
    private readonly HttpClient _api = new() { BaseAddress = fixture.Server.BaseAddress };
    private readonly string _dir = Directory.CreateTempSubdirectory("coc-cli-emu-").FullName;

    private Task<CliRun> Coc(params string[] args) => CliRun.RunAsync(_server.Environment(), args);

    private async Task<CliRun> Ok(params string[] args)
    {
        var run = await Coc(args);
        Assert.True(run.ExitCode == 0, $"coc {string.Join(' ', args)}\n{run}");
        return run;
    }

    private async Task<string> CreateAsync(string title) =>
        (await Ok("incidents", "create", "--title", title, "--level", "level_40", "--assignee", CliEmulator.Person, "-o", "json"))
            .Json["incident_num"]!.GetValue<string>();

    /// <summary>The <c>data</c> of a control-plane answer, read straight from the API.</summary>
    private async Task<JsonNode> ApiAsync(string path)
    {
        using var response = await _api.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["data"]!;
    }

    private async Task<long> TicketsAsync() => (await ApiAsync("/_coc/info"))["tickets"]!.GetValue<long>();

    private async Task AssertGoneAsync(string number)
    {
        var show = await Coc("incidents", "show", number, "-o", "json");
        Assert.True(show.ExitCode == ExitCodes.ClientError, show.ToString());
        Assert.Contains("COC.00067003", show.Stderr);
    }

    [Fact]
    public async Task Health_reports_every_subsystem_ok()
    {
        var health = (await Ok("emulator", "health", "-o", "json")).Json;
        Assert.Equal("ok", health["storage"]!.GetValue<string>());
        Assert.Equal("ok", health["dispatcher"]!.GetValue<string>());
        Assert.Equal("ok", health["cache"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reset_removes_every_ticket()
    {
        var number = await CreateAsync("cli-emu: reset me");
        Assert.True(await TicketsAsync() >= 1);

        var reset = (await Ok("emulator", "reset", "-o", "json")).Json;
        Assert.Null(reset["project_id"]);
        Assert.False(reset["credentials"]!.GetValue<bool>());

        Assert.Equal(0, await TicketsAsync());
        Assert.Equal(0, (await Ok("emulator", "info", "-o", "json")).Json["tickets"]!.GetValue<long>());
        await AssertGoneAsync(number);
        var table = await Ok("emulator", "reset");
        Assert.Contains("everything reset", table.Stdout);
    }

    [Fact]
    public async Task Restore_brings_back_the_state_of_the_snapshot_and_snapshots_list_and_delete()
    {
        var kept = await CreateAsync("cli-emu: before the snapshot");
        var taken = (await Ok("emulator", "snapshot", "take", "cli-before", "-o", "json")).Json;
        Assert.Equal("cli-before", taken["name"]!.GetValue<string>());
        Assert.True(taken["size"]!.GetValue<long>() > 0);

        var later = await CreateAsync("cli-emu: after the snapshot");
        Assert.Equal(0, (await Coc("incidents", "show", later, "-o", "json")).ExitCode);

        var restored = (await Ok("emulator", "restore", "cli-before", "-o", "json")).Json;
        Assert.Equal("cli-before", restored["name"]!.GetValue<string>());
        await AssertGoneAsync(later);
        Assert.Equal("cli-emu: before the snapshot", (await Ok("incidents", "show", kept, "-o", "json")).Json["incident_title"]!.GetValue<string>());

        var listed = (await Ok("emulator", "snapshot", "list", "-o", "json")).Json["snapshots"]!.AsArray();
        Assert.Contains(listed, s => s!["name"]!.GetValue<string>() == "cli-before");
        Assert.Contains("cli-before", (await Ok("emulator", "snapshot", "list")).Stdout);
        Assert.Contains((await ApiAsync("/_coc/snapshots"))["snapshots"]!.AsArray(), s => s!["name"]!.GetValue<string>() == "cli-before");

        await Ok("emulator", "snapshot", "delete", "cli-before");
        Assert.DoesNotContain((await ApiAsync("/_coc/snapshots"))["snapshots"]!.AsArray(), s => s!["name"]!.GetValue<string>() == "cli-before");
        var again = await Coc("emulator", "restore", "cli-before");
        Assert.True(again.ExitCode == ExitCodes.ClientError, again.ToString());
        Assert.Contains("HTTP 404", again.Stderr);
    }

    [Fact]
    public async Task Export_reset_import_brings_the_ticket_back()
    {
        var number = await CreateAsync("cli-emu: exported");
        var file = Path.Combine(_dir, "default.json");
        var export = await Ok("emulator", "export", "default", "--to", file);
        Assert.Contains($"to {file}", export.Stderr);
        var document = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        Assert.Equal("coc-project-export/1", document["format"]!.GetValue<string>()); // the document itself, not the envelope
        Assert.Equal("default", document["project_id"]!.GetValue<string>());
        Assert.Contains(number, document["tables"]!["tickets"]!.ToJsonString());

        await Ok("emulator", "reset", "--only-project", "default");
        await AssertGoneAsync(number);

        var imported = (await Ok("emulator", "import", "default", file, "-o", "json")).Json;
        Assert.Equal("default", imported["project_id"]!.GetValue<string>());
        Assert.Equal("merge", imported["mode"]!.GetValue<string>());
        Assert.True(imported["rows"]!["tickets"]!.GetValue<int>() >= 1, imported.ToJsonString());
        var show = (await Ok("incidents", "show", number, "-o", "json")).Json;
        Assert.Equal("cli-emu: exported", show["incident_title"]!.GetValue<string>());

        // to standard output: the same document
        var stdout = (await Ok("emulator", "export", "default", "-o", "json")).Json;
        Assert.Equal("coc-project-export/1", stdout["format"]!.GetValue<string>());
        Assert.Contains(number, stdout["tables"]!["tickets"]!.ToJsonString());
    }

    [Fact]
    public async Task A_503_fault_for_one_request_is_retried_by_the_cli_and_the_call_succeeds()
    {
        await Ok("emulator", "faults", "remove", "--all");
        var rule = (await Ok("emulator", "faults", "add", "--status", "503", "--error-code", "GOM.00007299", "--count", "1", "-o", "json")).Json;
        var id = rule["id"]!.GetValue<string>();
        Assert.StartsWith("flt-", id);
        var listed = (await Ok("emulator", "faults", "list", "-o", "json")).Json["faults"]!.AsArray().Single()!;
        Assert.Equal(id, listed["id"]!.GetValue<string>());
        Assert.Equal(503, listed["status"]!.GetValue<int>());
        Assert.Equal("GOM.00007299", listed["error_code"]!.GetValue<string>());
        Assert.Equal(1, listed["count"]!.GetValue<long>());
        Assert.Contains(id, (await Ok("emulator", "faults", "list")).Stdout);

        // the CLI retries a 503 after its Retry-After (README: "429 and 503 answers are retried before they count"):
        // the fault answers the first attempt, the retry succeeds, and the rule is used up
        var list = await Coc("incidents", "list", "-o", "json");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.True(list.Json["total"] is JsonValue);
        Assert.Empty((await ApiAsync("/_coc/faults"))["faults"]!.AsArray());
    }

    [Fact]
    public async Task A_503_fault_that_outlasts_the_retries_exits_with_the_server_code_and_faults_remove_ends_it()
    {
        await Ok("emulator", "faults", "remove", "--all");
        var id = (await Ok("emulator", "faults", "add", "--status", "503", "--error-code", "GOM.00007299", "--count", "10")).Stdout.Trim();
        Assert.StartsWith("flt-", id);

        var list = await Coc("incidents", "list", "-o", "json");
        Assert.True(list.ExitCode == ExitCodes.ServerOrNetwork, list.ToString());
        Assert.Contains("HTTP 503 GOM.00007299", list.Stderr);
        Assert.Equal("", list.Stdout);
        var rule = await ApiAsync($"/_coc/faults/{id}");
        Assert.Equal(4, rule["hits"]!.GetValue<long>()); // the first attempt and the client's 3 retries
        Assert.Equal(6, rule["count"]!.GetValue<long>());

        var removed = await Ok("emulator", "faults", "remove", id);
        Assert.Contains($"fault rule {id} removed", removed.Stdout);
        Assert.Empty((await ApiAsync("/_coc/faults"))["faults"]!.AsArray());
        Assert.Equal(0, (await Coc("incidents", "list", "-o", "json")).ExitCode);
        var unknown = await Coc("emulator", "faults", "remove", id);
        Assert.True(unknown.ExitCode == ExitCodes.ClientError, unknown.ToString());
    }

    [Fact]
    public async Task Clock_advance_set_and_reset_move_the_service_clock()
    {
        var before = (await ApiAsync("/_coc/clock"))["offset_ms"]!.GetValue<long>();
        var advanced = (await Ok("emulator", "clock", "advance", "2h", "-o", "json")).Json;
        var offset = (await ApiAsync("/_coc/clock"))["offset_ms"]!.GetValue<long>();
        Assert.Equal(offset, advanced["offset_ms"]!.GetValue<long>());
        Assert.InRange(offset - before, 7_200_000 - 2_000, 7_200_000); // less the few ms between reading and setting
        Assert.Equal(offset, (await ApiAsync("/_coc/info"))["clock_offset_ms"]!.GetValue<long>());

        var shown = (await Ok("emulator", "clock", "show", "-o", "json")).Json;
        Assert.Equal(offset, shown["offset_ms"]!.GetValue<long>());
        Assert.Contains("(offset ", (await Ok("emulator", "clock", "show")).Stdout);

        var target = DateTimeOffset.UtcNow.AddHours(3).ToUnixTimeMilliseconds();
        var set = (await Ok("emulator", "clock", "set", target.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", "json")).Json;
        Assert.InRange(set["now"]!.GetValue<long>(), target, target + 2_000);
        Assert.InRange((await ApiAsync("/_coc/clock"))["offset_ms"]!.GetValue<long>(), 3 * 3_600_000 - 2_000, 3 * 3_600_000 + 2_000);

        var reset = (await Ok("emulator", "clock", "reset", "-o", "json")).Json;
        Assert.Equal(0, reset["offset_ms"]!.GetValue<long>());
        Assert.Equal(0, (await ApiAsync("/_coc/clock"))["offset_ms"]!.GetValue<long>());

        var bad = await Coc("emulator", "clock", "advance", "soon");
        Assert.True(bad.ExitCode == ExitCodes.Usage, bad.ToString());
    }

    public void Dispose()
    {
        _api.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
