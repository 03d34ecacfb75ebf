using System.Net;
using System.Text.Json.Nodes;
using static Coc.Server.Tests.Alarms.AlarmKit;

namespace Coc.Server.Tests.Alarms;

/// <summary>alarms.md, Transfer rules and Transfer to a new incident, in secure mode.</summary>
public sealed class TransferRuleTests(SecureServer server) : IClassFixture<SecureServer>
{
    private const string Group = "{}:{alertname=\"HighCPU\"}";

    [Fact]
    public async Task A_matching_alarm_creates_one_incident_per_group_later_ones_link_and_all_resolved_is_noted()
    {
        var api = server.Api();
        var (id, key) = await CreateIntegrationAsync(api, rule: AutoRule());

        // major -> level_30 (no WarRoom); the second alert of the payload links to the incident the first made.
        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("aa01", severity: "major"), Alert("bb02", severity: "major"))));
        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("aa01", severity: "major")))); // a repeat: no second incident
        var alarms = await AlarmsAsync(api);
        var incident = alarms[0].Str("associate_event_id");
        Assert.All(alarms, a => Wire.AssertString(a, "associate_event_id", incident));
        Assert.Equal(1, await api.TotalAsync());
        var ticket = await api.TicketAsync(incident);
        Wire.AssertString(ticket, "incident_level", "level_30");
        Wire.AssertString(ticket, "incident_title", "HighCPU: CPU above 90%");
        Wire.AssertString(ticket, "incident_description", "CPU usage has been 93% for 5 minutes.");
        Wire.AssertString(ticket, "creator", People.Carol);
        Assert.Equal([People.Alice], Wire.AssertStringArray(ticket, "incident_assignee"));
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T20:55:03.123Z").ToUnixTimeMilliseconds(), Wire.AssertInteger(ticket, "start_time"));
        Assert.Equal(2, ticket.GetProperty("alarms").GetArrayLength());

        // A minor alarm of the group is not in the rule's importances: stored, not linked.
        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("cc03", severity: "minor"))));
        Assert.Null((await AlarmsAsync(api, "importance=minor")).Single().GetProperty("associate_event_id").GetString());

        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("aa01", "resolved", "major"))));
        Assert.Equal(["create", "alarm_linked"], (await api.HistoryAsync(incident)).EnumerateArray().Select(e => e.Str("action")));
        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("bb02", "resolved", "major"))));
        var history = (await api.HistoryAsync(incident)).EnumerateArray().ToList();
        Assert.Equal(["create", "alarm_linked", "alarms_resolved"], history.Select(e => e.Str("action")));
        Assert.All(history.Skip(1), e => Wire.AssertString(e, "operator", "coc-alarm"));
        Wire.AssertString(history[1], "action_name_en", "Alarm linked");
        Wire.AssertString(history[2], "action_name_zh", "告警已全部恢复");
        Assert.Equal(Statuses.Triggered, await api.StatusAsync(incident)); // people verify

        // Firing again after resolution: a new alarm that links to the still-open incident.
        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("aa01", severity: "major"))));
        Assert.Equal(3, (await api.TicketAsync(incident)).GetProperty("alarms").GetArrayLength());
        Assert.Equal(1, await api.TotalAsync());
        var entries = await api.GetAsync($"/v1/alarm-mgmt/alarm/{alarms.Single(a => a.Str("source_key") == "bb02").Str("id")}/handle-histories?offset=0&limit=10");
        var transfer = entries.Json.GetProperty("alarm_handle_histories")[0];
        Wire.AssertString(transfer, "task_type", "TRANSFER");
        Wire.AssertString(transfer, "status", "FINISHED");
        Wire.AssertString(transfer, "associated_task_id", incident);
        _ = id;
    }

    [Fact]
    public async Task A_refused_create_stores_the_alarm_unlinked_with_one_failed_entry_per_reason()
    {
        var api = server.Api();
        var (_, key) = await CreateIntegrationAsync(api, rule: AutoRule());
        // urgent -> level_20, which starts a WarRoom: without a region the create is refused.
        var payload = Payload(Group, Alert("aa01", severity: "critical", region: null));

        Wire.AssertOk(await DeliverAsync(api, key, payload));
        Wire.AssertOk(await DeliverAsync(api, key, payload));

        var alarm = (await AlarmsAsync(api)).Single();
        Assert.Equal(JsonValueKindNull, alarm.GetProperty("associate_event_id").ValueKind);
        Assert.Equal(0, await api.TotalAsync());
        var entries = (await api.GetAsync($"/v1/alarm-mgmt/alarm/{alarm.Str("id")}/handle-histories?offset=0&limit=10"))
            .Json.GetProperty("alarm_handle_histories").EnumerateArray().ToList();
        var failed = Assert.Single(entries);
        Wire.AssertString(failed, "status", "FAILED");
        Assert.Contains("region", failed.Str("message"));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task Transferring_an_alarm_linked_to_an_open_incident_is_409_and_changes_nothing()
    {
        var api = server.Api();
        var (_, key) = await CreateIntegrationAsync(api);
        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("aa01"), Alert("bb02"))));
        var ids = (await AlarmsAsync(api)).Select(a => a.Str("id")).ToList();
        JsonObject Body(string alarmIds) => new()
        {
            ["alarm_ids"] = alarmIds, ["title"] = "HighCPU", ["description"] = "two alarms", ["level_id"] = "level_40",
            ["mtm_type"] = "inc_type_p_reliability_issues", ["is_service_interrupt"] = "false", ["current_cloud_service_id"] = "app-123",
            ["assignee"] = People.Alice,
        };

        var first = await api.PostAsync("/v1/alarm-mgmt/alarms-linked-incident", Body(ids[0]));
        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());
        var again = await api.PostAsync("/v1/alarm-mgmt/alarms-linked-incident", Body(ids[1] + "，" + ids[0]));
        Wire.AssertError(again, HttpStatusCode.Conflict, "GOM.00007258", ids[0]);
        Assert.Equal(1, await api.TotalAsync());
        Assert.Null((await api.GetAsync("/v1/alarm-mgmt/alarm/" + ids[1])).Json.GetProperty("data").GetProperty("associate_event_id").GetString());

        Wire.AssertError(await api.PostAsync("/v1/alarm-mgmt/alarms-linked-incident", Body("ALM00000000000000nothere")),
            HttpStatusCode.BadRequest, "GOM.00007264", "ALM00000000000000nothere");
        var noAssignee = Body(ids[1]);
        noAssignee.Remove("assignee");
        Wire.AssertError(await api.PostAsync("/v1/alarm-mgmt/alarms-linked-incident", noAssignee), HttpStatusCode.BadRequest, "GOM.00007256", "assignee");
    }

    [Fact]
    public async Task Another_projects_alarm_answers_as_a_missing_one_and_bad_paths_are_400()
    {
        var api = server.Api();
        var (_, key) = await CreateIntegrationAsync(api);
        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("aa01"))));
        var id = (await AlarmsAsync(api)).Single().Str("id");
        var other = server.Api();

        Wire.AssertError(await other.GetAsync("/v1/alarm-mgmt/alarm/" + id), HttpStatusCode.BadRequest, "GOM.00007264", id);
        Wire.AssertError(await other.PostAsync("/v1/alarm-mgmt/alarms/cancel", new JsonObject { ["alarm_ids"] = id }), HttpStatusCode.BadRequest, "GOM.00007264");
        Wire.AssertError(await api.GetAsync("/v1/alarm-mgmt/alarm/" + new string('A', 27)), HttpStatusCode.BadRequest, "GOM.00007256", "alarm_id");
        Wire.AssertError(await api.GetAsync($"/v1/alarm-mgmt/alarm/{id}/handle-histories?limit=10"), HttpStatusCode.BadRequest, "GOM.00007256", "offset");
        Wire.AssertError(await api.GetAsync($"/v1/alarm-mgmt/alarm/{id}/handle-histories?offset=0&limit=1001"), HttpStatusCode.BadRequest, "GOM.00007256", "limit");
        Wire.AssertError(await api.PostAsync($"/v1/alarm-mgmt/alarm/{id}/auto-process", new JsonObject { ["task_type"] = "SHELL" }),
            HttpStatusCode.BadRequest, "GOM.00007256", "task_type");
        Wire.AssertGateway(await api.GetAsync("/v1/alarm-mgmt/alarms/cancel"), HttpStatusCode.NotFound, "APIGW.0101");
        Assert.Equal("alarming", (await api.GetAsync("/v1/alarm-mgmt/alarm/" + id)).Json.GetProperty("data").Str("status"));
    }

    [Fact]
    public async Task The_alarm_api_and_the_admin_api_need_their_permissions()
    {
        var readOnly = new CocApi(server.CreateWireClient(TestKey.ReadOnly));
        foreach (var (method, path, action) in new[]
                 {
                     ("GET", "/v1/alarm-mgmt/alarm/ALM1", "coc:alarm:get"), ("POST", "/v1/alarm-mgmt/alarms/cancel", "coc:alarm:clear"),
                     ("GET", "/v1/alarm-mgmt/alarm/ALM1/handle-histories?offset=0&limit=1", "coc:alarm:listHandleHistories"),
                     ("POST", "/v1/alarm-mgmt/alarm/ALM1/auto-process", "coc:instance:executeDocument"),
                     ("POST", "/v1/alarm-mgmt/alarms-linked-incident", "coc:alarm:createAlarmLinkedIncident"),
                     ("GET", "/v1/alarm-mgmt/alarms", "coc:alarm:list"), ("GET", "/v1/admin/integrations", "coc:admin"),
                 })
        {
            var answer = method == "GET" ? await readOnly.GetAsync(path) : await readOnly.PostAsync(path, "{}");
            Wire.AssertError(answer, HttpStatusCode.Forbidden, "GOM.00007262", action);
        }
    }

    [Fact]
    public async Task The_admin_api_validates_rules_and_names_and_shows_the_key_only_on_create_and_rotate()
    {
        var api = server.Api();
        var bad = await api.PostAsync("/v1/admin/integrations", new JsonObject
        {
            ["name"] = "x", ["type"] = "prometheus", ["transfer_rule"] = new JsonObject { ["level_map"] = new JsonObject { ["urgent"] = "level_99" } },
        });
        Wire.AssertError(bad, HttpStatusCode.BadRequest, "GOM.00007256", "transfer_rule.level_map.urgent");
        Wire.AssertError(await api.PostAsync("/v1/admin/integrations", new JsonObject { ["name"] = "x", ["type"] = "zabbix" }),
            HttpStatusCode.BadRequest, "GOM.00007256", "type");

        var (id, key) = await CreateIntegrationAsync(api);
        var shown = await api.GetAsync("/v1/admin/integrations/" + id);
        Wire.AssertOk(shown);
        Assert.False(shown.Data.TryGetProperty("key", out _));
        Assert.DoesNotContain(key, shown.Text);
        Wire.AssertString(shown.Data, "key_hint", key[^4..]);
        Assert.Equal(JsonValueKindNull, shown.Data.GetProperty("transfer_rule").GetProperty("creator").ValueKind);
        var name = shown.Data.Str("name");
        var (other, _) = await CreateIntegrationAsync(api);
        Wire.AssertError(await api.SendAsync(HttpMethod.Put, "/v1/admin/integrations/" + other, CocApi.Raw(new JsonObject { ["name"] = name }.ToJsonString())),
            HttpStatusCode.BadRequest, "GOM.00007256", "name");
        var list = await api.GetAsync("/v1/admin/integrations");
        Assert.Equal(2, Wire.AssertInteger(list.Data, "total"));
        Assert.DoesNotContain(key, list.Text);
    }
}
