using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Server.Tests.Alarms;

namespace Coc.Server.Tests.ControlPlane;

/// <summary>A project exported from one server and imported into a fresh one (over the API, and with --seed FILE at
/// start) answers the same details and histories.</summary>
public sealed class ExportImportTests
{
    [Fact]
    public async Task An_export_imported_into_a_fresh_server_answers_the_same_tickets_and_histories()
    {
        await using var source = new EmulatorServer();
        var api = source.Api();
        var (numbers, document) = await ProjectWithTicketsAsync(api);
        var tables = document.GetProperty("tables");
        Assert.Equal(2, tables.GetProperty("tickets").GetArrayLength());
        Assert.Equal(3, tables.GetProperty("ticket_history").GetArrayLength());

        await using var fresh = new EmulatorServer();
        var target = fresh.Api(api.Project);
        var imported = await Control.OkAsync(target.PostAsync($"/_coc/projects/{api.Project}/import?mode=replace", document.GetRawText()));
        Wire.AssertString(imported, "mode", "replace");
        Assert.Equal(2, imported.GetProperty("rows").GetProperty("tickets").GetInt32());

        foreach (var number in numbers)
            Assert.Equal((await api.TicketAsync(number)).GetRawText(), (await target.TicketAsync(number)).GetRawText());
        Assert.Equal((await api.HistoryAsync(numbers)).GetRawText(), (await target.HistoryAsync(numbers)).GetRawText());
        Assert.Equal(2, await target.TotalAsync());

        // A merge of the same document again skips every row (their keys exist); replace is idempotent.
        var merged = await Control.OkAsync(target.PostAsync($"/_coc/projects/{api.Project}/import", document.GetRawText()));
        Assert.Equal(0, merged.GetProperty("rows").GetProperty("tickets").GetInt32());
        Assert.Equal(2, await target.TotalAsync());
        await target.DoAsync(numbers[1], People.Alice, "acceptedIncident1"); // imported tickets take operations
    }

    [Fact]
    public async Task Attachments_alarms_integrations_and_webhooks_travel_and_no_secret_does()
    {
        await using var source = new EmulatorServer();
        var api = source.Api();
        var number = await api.CreateAsync();
        var bytes = "the log excerpt\n"u8.ToArray();
        var upload = await api.UploadAsync("log.txt", bytes, number);
        Wire.AssertOk(upload);
        var docId = upload.Data.Str("doc_id");
        var (_, key) = await AlarmKit.CreateIntegrationAsync(api);
        var delivered = await AlarmKit.DeliverAsync(api, key, AlarmKit.Payload("g1", AlarmKit.Alert("0a1b")));
        Assert.True(delivered.Status == HttpStatusCode.OK, delivered.ToString());
        var subscribed = await api.PostAsync("/v1/admin/webhooks", new JsonObject { ["url"] = "http://127.0.0.1:9/hook" });
        Wire.AssertOk(subscribed);
        var secret = subscribed.Data.Str("secret");

        var export = await api.GetAsync($"/_coc/projects/{api.Project}/export");
        Wire.AssertOk(export);
        Assert.DoesNotContain(secret, export.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(key, export.Text, StringComparison.Ordinal);
        var tables = export.Data.GetProperty("tables");
        Assert.False(tables.GetProperty("webhooks")[0].TryGetProperty("secret", out _));
        Assert.Equal(Convert.ToBase64String(bytes), tables.GetProperty("attachment_content")[0].Str("content"));

        await using var fresh = new EmulatorServer();
        var target = fresh.Api(api.Project);
        Wire.AssertOk(await target.PostAsync($"/_coc/projects/{api.Project}/import", export.Text));

        Assert.Equal(bytes, (await target.GetAsync("/v1/external/incident/attachments/" + docId)).Bytes);
        Assert.Equal((await AlarmKit.AlarmsAsync(api)).Select(a => a.GetRawText()), (await AlarmKit.AlarmsAsync(target)).Select(a => a.GetRawText()));
        var hooks = await target.GetAsync("/v1/admin/webhooks");
        Wire.AssertOk(hooks);
        Assert.Equal(subscribed.Data.Str("id"), hooks.Data.GetProperty("webhooks")[0].Str("id"));
        // The integration's key still works: its SHA-256 travelled, the key never did.
        var again = await AlarmKit.DeliverAsync(target, key, AlarmKit.Payload("g1", AlarmKit.Alert("0c2d")));
        Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
        Assert.Equal(2, (await AlarmKit.AlarmsAsync(target)).Count);
    }

    [Fact]
    public async Task Seed_FILE_at_start_begins_the_server_from_the_exported_state()
    {
        await using var source = new EmulatorServer();
        var api = source.Api();
        var (numbers, document) = await ProjectWithTicketsAsync(api);
        var file = Path.Combine(Path.GetTempPath(), $"coc-seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { data = document })); // the export's whole answer, as saved
        try
        {
            await using var seeded = new ConfiguredServer(true, ("Coc:Seed", file));
            var target = seeded.Api(api.Project);
            Assert.Equal(2, await target.TotalAsync());
            Assert.Equal(Statuses.Acknowledged, await target.StatusAsync(numbers[0]));
            Assert.Equal((await api.HistoryAsync(numbers)).GetRawText(), (await target.HistoryAsync(numbers)).GetRawText());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_seed_flag_becomes_the_Coc_Seed_setting()
    {
        var parsed = new Coc.Server.Cli.ServerCommandLine(new System.CommandLine.Command("admin"))
            .Parse(["--emulator", "--seed", "/tmp/state.json"], TextWriter.Null, TextWriter.Null);
        Assert.Null(parsed.ExitCode);
        Assert.Contains("--Coc:Seed=/tmp/state.json", parsed.Settings);
    }

    [Fact]
    public async Task Bad_documents_are_400_naming_the_field_and_nothing_is_imported()
    {
        await using var server = new EmulatorServer();
        var api = server.Api();
        var path = $"/_coc/projects/{api.Project}/import";
        Wire.AssertInvalid(await api.PostAsync(path, """{"format": "other", "schema_version": 1, "tables": {}}"""), "format");
        Wire.AssertInvalid(await api.PostAsync(path + "?mode=overwrite", """{}"""), "mode");
        Wire.AssertError(await api.PostAsync(path, """{"format": "coc-project-export/1", "schema_version": 99999, "tables": {}}"""),
            HttpStatusCode.Conflict, Wire.NotAllowed, "99999");
        Wire.AssertInvalid(await api.PostAsync(path, """{"format": "coc-project-export/1", "schema_version": 1, "tables": {"nope": []}}"""), "tables.nope");
        Wire.AssertInvalid(await api.PostAsync(path,
            """{"format": "coc-project-export/1", "schema_version": 1, "tables": {"tickets": [{"number": "IM1", "create_time": "soon"}]}}"""),
            "tables.tickets[0].create_time");
        Wire.AssertInvalid(await api.PostAsync(path,
            """{"format": "coc-project-export/1", "schema_version": 1, "tables": {"tickets": [{"number": "IM1"}]}}"""), "schema");
        Assert.Equal(0, await api.TotalAsync());
    }

    /// <summary>Two tickets (one accepted: three history entries) and the project's export.</summary>
    private static async Task<(string[] Numbers, JsonElement Document)> ProjectWithTicketsAsync(CocApi api)
    {
        var first = await api.CreateAsync();
        var second = await api.CreateAsync(Bodies.Create(title: "second"));
        await api.DoAsync(first, People.Alice, "acceptedIncident1");
        var export = await Control.OkAsync(api.GetAsync($"/_coc/projects/{api.Project}/export"));
        Wire.AssertString(export, "format", "coc-project-export/1");
        Wire.AssertString(export, "project_id", api.Project!);
        return ([first, second], export);
    }
}
