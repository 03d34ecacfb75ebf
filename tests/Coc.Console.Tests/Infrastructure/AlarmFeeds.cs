using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coc.Console.Tests;

/// <summary>An integration as the admin API created it: its id, its key (shown once) and its ingestion path.</summary>
public sealed record CreatedIntegration(string Id, string Key, string IngestPath);

/// <summary>Alarms for the console tests: integrations through the admin API, and real captured Alertmanager deliveries
/// (tests/Coc.Core.Tests/Fixtures/alertmanager) posted byte for byte to the ingestion URL.</summary>
public static class AlarmFeeds
{
    /// <summary>A rule that creates an incident for <c>urgent</c> alarms, assigned to ops-alice, created by ops-bob.</summary>
    public static JsonObject UrgentRule() => new()
    {
        ["auto_incident_importances"] = new JsonArray("urgent"),
        ["assignee"] = "ops-alice",
        ["creator"] = "ops-bob",
        ["region"] = "cn-north-4",
    };

    /// <summary>A rule that never creates incidents.</summary>
    public static JsonObject ManualRule() => new() { ["auto_incident_importances"] = new JsonArray() };

    public static async Task<CreatedIntegration> CreateIntegrationAsync(this DirectApi api, string name, JsonObject? rule = null)
    {
        var body = new JsonObject { ["name"] = name, ["type"] = "prometheus", ["transfer_rule"] = rule ?? ManualRule() };
        using var response = await api.Http.PostAsJsonAsync("/v1/admin/integrations", body);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, $"create integration answered {(int)response.StatusCode}: {json}");
        var data = json["data"]!;
        return new CreatedIntegration(data["id"]!.GetValue<string>(), data["key"]!.GetValue<string>(), data["ingest_path"]!.GetValue<string>());
    }

    /// <summary>Posts the captured delivery <paramref name="fixture"/> (e.g. <c>firing-single</c>) to <paramref name="ingestPath"/>; returns the status.</summary>
    public static async Task<int> PostCapturedAsync(this DirectApi api, string ingestPath, string fixture)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(FixturePath(fixture)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await api.Http.PostAsync(ingestPath, content);
        return (int)response.StatusCode;
    }

    public static async Task DeliverAsync(this DirectApi api, string ingestPath, string fixture)
    {
        var status = await api.PostCapturedAsync(ingestPath, fixture);
        Assert.True(status == 200, $"ingesting {fixture} answered {status}");
    }

    /// <summary>The integration's alarms, newest first (GET /v1/alarm-mgmt/alarms?integration_id=).</summary>
    public static async Task<JsonArray> AlarmsAsync(this DirectApi api, string integrationId)
    {
        using var response = await api.Http.GetAsync($"/v1/alarm-mgmt/alarms?integration_id={Uri.EscapeDataString(integrationId)}");
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, $"alarm list answered {(int)response.StatusCode}: {json}");
        return json["alarms"]!.AsArray();
    }

    /// <summary>The id of the integration's alarm named <paramref name="name"/> (instance label <paramref name="instance"/> if given).</summary>
    public static async Task<JsonNode> AlarmAsync(this DirectApi api, string integrationId, string name, string? instance = null) =>
        (await api.AlarmsAsync(integrationId)).Single(a => a!["name"]!.GetValue<string>() == name
            && (instance is null || a["labels"]!["instance"]!.GetValue<string>() == instance))!;

    /// <summary>Transfers the alarm to a new incident (POST /v1/alarm-mgmt/alarms-linked-incident); returns its number.</summary>
    public static async Task<string> TransferAsync(this DirectApi api, string alarmId)
    {
        var body = new JsonObject
        {
            ["alarm_ids"] = alarmId, ["title"] = "transferred by the tests", ["description"] = "from an alarm",
            ["level_id"] = "level_40", ["mtm_type"] = "inc_type_p_function_issues", ["is_service_interrupt"] = false,
            ["current_cloud_service_id"] = await FirstApplicationAsync(api), ["assignee"] = "ops-alice",
        };
        using var response = await api.Http.PostAsJsonAsync("/v1/alarm-mgmt/alarms-linked-incident", body);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, $"transfer answered {(int)response.StatusCode}: {json}");
        return json["incident_num"]!.GetValue<string>();
    }

    private static async Task<string> FirstApplicationAsync(DirectApi api)
    {
        var reference = JsonNode.Parse(await api.Http.GetStringAsync("/v1/console/reference"))!;
        return reference["directory"]!["applications"]![0]!["id"]!.GetValue<string>();
    }

    private static string FixturePath(string fixture) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "alertmanager", fixture + ".json");
}
