using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Coc.Server.Tests.Alarms.AlarmKit;

namespace Coc.Server.Tests.Webhooks;

/// <summary>Alarm events (outbound.md, Events): alarm.created, alarm.converged, alarm.resolved and alarm.linked, each
/// written in the transaction of the alarm change and delivered signed to a real receiver over loopback, with
/// <c>data.alarm</c> the alarm object of alarms.md. A request that fails emits nothing.</summary>
public sealed class AlarmEventTests(WebhookServer server) : WebhookTests(server, "alarm-events"), IClassFixture<WebhookServer>
{
    private const string Group = "{}:{alertname=\"HighCPU\"}";

    private static JsonElement Alarm(WebhookReceiver.Received r) => r.Data.GetProperty("alarm");

    private async Task<JsonElement> GetAlarmAsync(string id)
    {
        var got = await _api.GetAsync("/v1/alarm-mgmt/alarm/" + id);
        Assert.True(got.Status == HttpStatusCode.OK, got.ToString());
        return got.Json.GetProperty("data");
    }

    [Fact]
    public async Task An_Alertmanager_firing_a_repeat_and_a_resolution_are_created_converged_and_resolved_events()
    {
        await SubscribeAsync();
        var (integration, key) = await CreateIntegrationAsync(_api);

        Wire.AssertOk(await DeliverAsync(_api, key, Payload(Group, Alert("ae01"))));
        Wire.AssertOk(await DeliverAsync(_api, key, Payload(Group, Alert("ae01"))));
        Wire.AssertOk(await DeliverAsync(_api, key, Payload(Group, Alert("ae01", "resolved"))));

        var got = await _receiver.WaitForAsync(r => r.Count >= 3);
        await Task.Delay(300);
        Assert.Equal(["alarm.created", "alarm.converged", "alarm.resolved"], _receiver.Requests.Select(r => r.Type).ToList());
        Assert.All(got, r => Assert.Single(r.VerifiedWith));
        Assert.All(got, r => Assert.Equal(r.WebhookId, r.Json.Str("id")));
        Assert.All(got, r => Assert.Equal(_api.Project, r.Json.Str("project_id")));
        Assert.Equal(3, got.Select(r => r.WebhookId).Distinct().Count());
        var id = Alarm(got[0]).Str("id");
        Assert.All(got, r => Assert.Equal(id, Alarm(r).Str("id")));
        Assert.Equal([1, 2, 2], got.Select(r => Alarm(r).GetProperty("converge_count").GetInt32()).ToList());
        Assert.Equal(["alarming", "alarming", "resolved"], got.Select(r => Alarm(r).Str("status")).ToList());
        Assert.Equal("ae01", Alarm(got[0]).Str("source_key"));
        Assert.Equal(integration, Alarm(got[0]).Str("integration_id"));
        Assert.Equal("source", Alarm(got[2]).Str("resolved_by"));
        // The last event's alarm is the alarm object the alarm API answers now, key for key.
        Assert.Equal((await GetAlarmAsync(id)).GetRawText(), Alarm(got[2]).GetRawText());
    }

    [Fact]
    public async Task A_transfer_rule_that_makes_an_incident_emits_created_the_incidents_events_and_linked_and_a_clear_resolved()
    {
        await SubscribeAsync();
        var (_, key) = await CreateIntegrationAsync(_api, rule: AutoRule());

        Wire.AssertOk(await DeliverAsync(_api, key, Payload(Group, Alert("ae02", severity: "major"))));
        var got = await _receiver.WaitForAsync(r => r.Count >= 3);
        Assert.Equal(["alarm.created", "alarm.linked", "incident.created"], got.Select(r => r.Type).Order(StringComparer.Ordinal).ToList());
        var created = got.Single(r => r.Type == "alarm.created");
        var linked = got.Single(r => r.Type == "alarm.linked");
        var incident = got.Single(r => r.Type == "incident.created").Data.GetProperty("incident").Str("incident_num");
        Assert.Equal(JsonValueKind.Null, Alarm(created).GetProperty("associate_event_id").ValueKind);
        Assert.Equal(incident, Alarm(linked).Str("associate_event_id"));
        // An alarm's events reach the receiver in the order they were written.
        Assert.True(got.ToList().IndexOf(created) < got.ToList().IndexOf(linked));

        var id = Alarm(created).Str("id");
        var cleared = await _api.PostAsync("/v1/alarm-mgmt/alarms/cancel", new JsonObject { ["alarm_ids"] = id, ["remarks"] = "fixed by hand" });
        Assert.True(cleared.Status == HttpStatusCode.OK, cleared.ToString());
        var resolved = (await _receiver.WaitForAsync(r => r.Any(x => x.Type == "alarm.resolved"))).Single(r => r.Type == "alarm.resolved");
        Assert.Equal("manual", Alarm(resolved).Str("resolved_by"));
        Assert.Equal("fixed by hand", Alarm(resolved).Str("remarks"));
        Assert.Single(resolved.VerifiedWith);
    }

    [Fact]
    public async Task A_link_to_a_new_incident_emits_linked_and_one_that_fails_inside_its_write_emits_nothing()
    {
        await SubscribeAsync();
        var (_, key) = await CreateIntegrationAsync(_api);
        Wire.AssertOk(await DeliverAsync(_api, key, Payload(Group, Alert("ae03", severity: "minor"))));
        var id = Alarm((await _receiver.WaitForAsync(r => r.Count >= 1))[0]).Str("id");
        JsonObject Body() => new()
        {
            ["alarm_ids"] = id, ["title"] = "HighCPU", ["description"] = "by hand", ["level_id"] = "level_40",
            ["mtm_type"] = "inc_type_p_reliability_issues", ["is_service_interrupt"] = "false", ["current_cloud_service_id"] = "app-123",
            ["assignee"] = People.Alice,
        };

        // The incident is written first, then linking an attachment that does not exist fails: all of it rolls back.
        var failing = Body();
        failing["attachment"] = "no-such-doc";
        var refused = await _api.PostAsync("/v1/alarm-mgmt/alarms-linked-incident", failing);
        Assert.True((int)refused.Status is >= 400 and < 500, refused.ToString());
        Assert.Contains("no-such-doc", refused.Json.Str("error_msg"));
        var (disabledId, disabledKey) = await CreateIntegrationAsync(_api);
        Wire.AssertOk(await _api.PostAsync($"/v1/admin/integrations/{disabledId}/disable", "{}"));
        Wire.AssertError(await DeliverAsync(_api, disabledKey, Payload(Group, Alert("ae04"))), HttpStatusCode.Unauthorized, "GOM.00007263");
        var invalid = Payload(Group, Alert("ae05"));
        invalid["version"] = "3";
        Wire.AssertError(await DeliverAsync(_api, key, invalid), HttpStatusCode.BadRequest, "GOM.00007256");

        var linked = await _api.PostAsync("/v1/alarm-mgmt/alarms-linked-incident", Body());
        Assert.True(linked.Status == HttpStatusCode.OK, linked.ToString());
        var incident = linked.Json.Str("incident_num");
        var got = await _receiver.WaitForAsync(r => r.Count >= 3);
        await Task.Delay(300);
        Assert.Equal(["alarm.created", "alarm.linked", "incident.created"], _receiver.Requests.Select(r => r.Type).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(incident, Alarm(got.Single(r => r.Type == "alarm.linked")).Str("associate_event_id"));
        Assert.Equal(incident, got.Single(r => r.Type == "incident.created").Data.GetProperty("incident").Str("incident_num"));
    }

    [Fact]
    public async Task A_subscription_that_wants_only_alarm_resolved_gets_only_that()
    {
        await SubscribeAsync(new JsonArray("alarm.resolved"));
        var (_, key) = await CreateIntegrationAsync(_api, "custom");
        var body = new JsonObject
        {
            ["alarmId"] = "zbx-ae", ["alarmName"] = "CPU usage above 90%", ["alarmLevel"] = "Major", ["time"] = 1795380903000,
            ["nameSpace"] = "SYS.ECS", ["applicationId"] = "app-123", ["alarmDesc"] = "hot", ["alarmSource"] = "zabbix",
        };
        Wire.AssertOk(await DeliverAsync(_api, key, body, "custom"));
        body["alarmStatus"] = "ok";
        Wire.AssertOk(await DeliverAsync(_api, key, body, "custom"));

        var got = await _receiver.WaitForAsync(r => r.Count >= 1);
        await Task.Delay(400);
        Assert.Equal(["alarm.resolved"], _receiver.Requests.Select(r => r.Type).ToList());
        Assert.Equal("zbx-ae", Alarm(got[0]).Str("source_key"));
        Assert.Equal("custom", Alarm(got[0]).Str("integration_type"));
    }
}
