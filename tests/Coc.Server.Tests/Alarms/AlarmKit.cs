using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Core.Alarms;
using Coc.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Coc.Server.Tests.Alarms;

/// <summary>Alertmanager-shaped payloads, integrations made through the admin API, and alarms seeded into storage.</summary>
public static class AlarmKit
{
    public static JsonObject Alert(string fingerprint, string status = "firing", string severity = "critical", string? region = "cn-north-4") => new()
    {
        ["status"] = status,
        ["labels"] = Labels(severity, region),
        ["annotations"] = new JsonObject { ["summary"] = "CPU above 90%", ["description"] = "CPU usage has been 93% for 5 minutes." },
        ["startsAt"] = "2026-11-22T20:55:03.123456789Z",
        ["endsAt"] = status == "firing" ? "0001-01-01T00:00:00Z" : "2026-11-22T21:05:03Z",
        ["generatorURL"] = "http://prometheus.example:9090/graph",
        ["fingerprint"] = fingerprint,
    };

    private static JsonObject Labels(string severity, string? region)
    {
        var labels = new JsonObject { ["alertname"] = "HighCPU", ["severity"] = severity, ["application"] = "app-123" };
        if (region is not null) labels["region"] = region;
        return labels;
    }

    public static JsonObject Payload(string groupKey, params JsonObject[] alerts) => new()
    {
        ["version"] = "4",
        ["groupKey"] = groupKey,
        ["truncatedAlerts"] = 0,
        ["status"] = alerts.Any(a => a["status"]!.GetValue<string>() == "firing") ? "firing" : "resolved",
        ["receiver"] = "coc",
        ["groupLabels"] = new JsonObject { ["alertname"] = "HighCPU" },
        ["commonLabels"] = new JsonObject(),
        ["commonAnnotations"] = new JsonObject(),
        ["externalURL"] = "http://alertmanager.example:9093",
        ["alerts"] = new JsonArray([.. alerts.Select(a => (JsonNode)a)]),
    };

    /// <summary>The rule that turns urgent and major alarms into incidents assigned to Alice, created by Carol.</summary>
    public static JsonObject AutoRule() => new() { ["assignee"] = People.Alice, ["creator"] = People.Carol };

    /// <summary>Creates an integration through the admin API; returns its id and key.</summary>
    public static async Task<(string Id, string Key)> CreateIntegrationAsync(CocApi api, string type = "prometheus", JsonObject? rule = null)
    {
        var body = new JsonObject { ["name"] = "itg " + Guid.NewGuid().ToString("N")[..8], ["type"] = type };
        if (rule is not null) body["transfer_rule"] = rule;
        var created = await api.PostAsync("/v1/admin/integrations", body);
        Wire.AssertOk(created);
        return (created.Data.Str("id"), created.Data.Str("key"));
    }

    public static Task<WireResponse> DeliverAsync(CocApi api, string key, JsonNode payload, string type = "prometheus") =>
        api.PostAsync(type == "prometheus" ? "/v1/event/prometheus/" + key : "/v1/event/huawei/custom/" + key, payload.ToJsonString(), "application/json");

    public static async Task<IReadOnlyList<JsonElement>> AlarmsAsync(CocApi api, string query = "")
    {
        var list = await api.GetAsync("/v1/alarm-mgmt/alarms" + (query.Length > 0 ? "?" + query : ""));
        Assert.True(list.Status == System.Net.HttpStatusCode.OK, list.ToString());
        return [.. list.Json.GetProperty("alarms").EnumerateArray()];
    }

    /// <summary>An integration with a known key, put straight into storage (secure mode has no auto-create).</summary>
    public static async Task<Integration> SeedIntegrationAsync(CocServerFactory server, string project, string type, string key)
    {
        var now = server.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var integration = new Integration
        {
            Id = "itg-" + Guid.NewGuid().ToString("N")[..12], Project = project, Name = type + " fixture", Type = type, Enabled = true,
            KeyHash = IntegrationKeys.Hash(key), KeyHint = IntegrationKeys.Hint(key), Rule = TransferRule.Manual, CreatedAt = now, UpdatedAt = now,
        };
        Assert.True(await server.Services.GetRequiredService<IAlarmStore>().InsertIntegrationAsync(integration));
        return integration;
    }

    public static Task SeedAlarmAsync(CocServerFactory server, Integration integration, string id, string fingerprint)
    {
        var now = server.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var alarm = new Alarm
        {
            Id = id, Project = integration.Project, IntegrationId = integration.Id, IntegrationType = integration.Type, IntegrationName = integration.Name,
            SourceKey = fingerprint, GroupKey = "{}:{alertname=\"Seeded\"}", Name = "Seeded", Importance = Importance.Major, ComeFrom = "Prometheus",
            Status = Alarm.Alarming, ConvergeCount = 1, CreateTime = now, UpdateTime = now, FirstOccurTime = now, LastOccurTime = now,
        };
        return server.Services.GetRequiredService<IAlarmStore>().WriteAsync(async w => { await w.InsertAlarmAsync(alarm); return 0; });
    }

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
