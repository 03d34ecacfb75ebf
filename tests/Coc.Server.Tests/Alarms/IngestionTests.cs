using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Coc.Server.Tests.Alarms.AlarmKit;

namespace Coc.Server.Tests.Alarms;

/// <summary>alarms.md, Ingestion and Convergence, in secure mode over a real socket.</summary>
public sealed class IngestionTests(SecureServer server) : IClassFixture<SecureServer>
{
    private const string Group = "{}:{alertname=\"HighCPU\"}";

    [Fact]
    public async Task Repeats_converge_a_resolution_resolves_and_a_new_firing_opens_a_new_alarm()
    {
        var api = server.Api();
        var (_, key) = await CreateIntegrationAsync(api);

        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("aa01"), Alert("bb02"))));
        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("aa01")))); // Alertmanager's repeat
        var alarms = await AlarmsAsync(api);
        Assert.Equal(2, alarms.Count);
        var first = alarms.Single(a => a.Str("source_key") == "aa01");
        Assert.Equal(2, Wire.AssertInteger(first, "converge_count"));
        Assert.Equal(1, Wire.AssertInteger(alarms.Single(a => a.Str("source_key") == "bb02"), "converge_count"));
        Assert.Matches("^ALM[0-9]{14}[A-Za-z0-9]{9}$", first.Str("id"));
        Wire.AssertString(first, "status", "alarming");
        Wire.AssertString(first, "importance", "urgent");
        Wire.AssertString(first, "come_from", "Prometheus");
        Wire.AssertString(first, "app", "app-123");
        Wire.AssertString(first, "region", "cn-north-4");
        Wire.AssertNull(first, "associate_event_id");

        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("aa01", "resolved"))));
        var resolved = (await AlarmsAsync(api, "status=resolved")).Single();
        Wire.AssertString(resolved, "id", first.Str("id"));
        Wire.AssertString(resolved, "resolved_by", "source");
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T21:05:03Z").ToUnixTimeMilliseconds(), Wire.AssertInteger(resolved, "resolved_time"));

        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("aa01"))));
        var again = (await AlarmsAsync(api, "status=alarming")).Where(a => a.Str("source_key") == "aa01").ToList();
        Assert.Single(again);
        Assert.NotEqual(first.Str("id"), again[0].Str("id"));
        Assert.Equal(1, Wire.AssertInteger(again[0], "converge_count"));

        // A resolution never seen firing makes nothing.
        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("cc03", "resolved"))));
        Assert.Equal(3, (await AlarmsAsync(api)).Count);
    }

    [Fact]
    public async Task A_custom_event_converges_on_its_alarm_id_and_ok_resolves_it_at_its_time()
    {
        var api = server.Api();
        var (_, key) = await CreateIntegrationAsync(api, "custom");
        var body = new JsonObject
        {
            ["alarmId"] = "zbx-1", ["alarmName"] = "CPU usage above 90%", ["alarmLevel"] = "Major", ["time"] = 1795380903000,
            ["nameSpace"] = "SYS.ECS", ["applicationId"] = "app-123", ["alarmDesc"] = "hot", ["alarmSource"] = "zabbix",
        };
        Wire.AssertOk(await DeliverAsync(api, key, body, "custom"));
        Wire.AssertOk(await DeliverAsync(api, key, body, "custom"));
        body["alarmStatus"] = "ok";
        body["time"] = 1795380999000;
        Wire.AssertOk(await DeliverAsync(api, key, body, "custom"));

        var alarm = (await AlarmsAsync(api)).Single();
        Wire.AssertString(alarm, "come_from", "zabbix");
        Wire.AssertString(alarm, "importance", "major");
        Wire.AssertString(alarm, "status", "resolved");
        Assert.Equal(2, Wire.AssertInteger(alarm, "converge_count"));
        Assert.Equal(1795380999000, Wire.AssertInteger(alarm, "resolved_time"));
        Wire.AssertNull(alarm, "labels");
    }

    [Fact]
    public async Task Unknown_malformed_disabled_rotated_and_wrong_type_keys_are_one_401_and_store_nothing()
    {
        var api = server.Api();
        var (id, key) = await CreateIntegrationAsync(api);
        var payload = Payload(Group, Alert("aa01"));

        foreach (var bad in new[] { "A" + key[1..] == key ? "B" + key[1..] : "A" + key[1..], key[..31], key + "x", key[..31] + "-" })
            Wire.AssertError(await DeliverAsync(api, bad, payload), HttpStatusCode.Unauthorized, "GOM.00007263");
        Wire.AssertError(await DeliverAsync(api, key, new JsonObject { ["x"] = 1 }, "custom"), HttpStatusCode.Unauthorized, "GOM.00007263");

        Wire.AssertOk(await api.PostAsync($"/v1/admin/integrations/{id}/disable", "{}"));
        Wire.AssertError(await DeliverAsync(api, key, payload), HttpStatusCode.Unauthorized, "GOM.00007263");
        Wire.AssertOk(await api.PostAsync($"/v1/admin/integrations/{id}/enable", "{}"));
        var rotated = await api.PostAsync($"/v1/admin/integrations/{id}/rotate-key", "{}");
        Wire.AssertOk(rotated);
        Wire.AssertError(await DeliverAsync(api, key, payload), HttpStatusCode.Unauthorized, "GOM.00007263");
        Assert.Empty(await AlarmsAsync(api));

        Wire.AssertOk(await DeliverAsync(api, rotated.Data.Str("key"), payload));
        Assert.Single(await AlarmsAsync(api));
    }

    [Fact]
    public async Task The_key_alone_authenticates_an_unsigned_delivery_and_a_signature_is_not_needed()
    {
        var api = server.Api();
        var (_, key) = await CreateIntegrationAsync(api);
        var unsigned = new CocApi(server.CreateWireClient(signed: false));

        Wire.AssertOk(await DeliverAsync(unsigned, key, Payload(Group, Alert("aa01"))));
        Assert.Single(await AlarmsAsync(api)); // in the integration's project, not the header's
    }

    [Fact]
    public async Task A_bad_payload_is_400_naming_the_alert_and_stores_nothing_of_it()
    {
        var api = server.Api();
        var (_, key) = await CreateIntegrationAsync(api);
        var bad = Alert("bb02");
        bad["labels"] = new JsonObject();

        var answer = await DeliverAsync(api, key, Payload(Group, Alert("aa01"), bad));
        Wire.AssertError(answer, HttpStatusCode.BadRequest, "GOM.00007256", "alerts[1].labels");
        Wire.AssertError(await api.PostAsync("/v1/event/prometheus/" + key, "{not json", "application/json"), HttpStatusCode.BadRequest, "GOM.00007256");
        Wire.AssertError(await api.PostAsync("/v1/event/prometheus/" + key, "", "application/json"), HttpStatusCode.BadRequest, "GOM.00007256");
        Assert.Empty(await AlarmsAsync(api));
    }

    [Fact]
    public async Task A_body_over_4_MiB_is_413_before_the_key_is_looked_at()
    {
        var api = server.Api();
        var big = "{\"pad\":\"" + new string('x', 4 * 1024 * 1024) + "\"}";

        var answer = await api.PostAsync("/v1/event/prometheus/" + new string('K', 32), big, "application/json");

        Wire.AssertGateway(answer, HttpStatusCode.RequestEntityTooLarge, "APIGW.0201");
    }

    [Fact]
    public async Task Two_concurrent_deliveries_of_one_new_alert_make_one_alarm_counted_twice()
    {
        var api = server.Api();
        var (_, key) = await CreateIntegrationAsync(api);
        for (var round = 0; round < 5; round++)
        {
            var fingerprint = $"ff{round:x2}";
            var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => DeliverAsync(api, key, Payload(Group, Alert(fingerprint)))));
            Assert.All(answers, Wire.AssertOk);
            var alarms = (await AlarmsAsync(api)).Where(a => a.Str("source_key") == fingerprint).ToList();
            Assert.Single(alarms);
            Assert.Equal(4, Wire.AssertInteger(alarms[0], "converge_count"));
        }
    }

    [Fact]
    public async Task The_list_filters_and_validates_its_parameters()
    {
        var api = server.Api();
        var (id, key) = await CreateIntegrationAsync(api);
        Wire.AssertOk(await DeliverAsync(api, key, Payload(Group, Alert("aa01"), Alert("bb02", severity: "warning"))));

        Assert.Single(await AlarmsAsync(api, "importance=warn"));
        Assert.Equal(2, (await AlarmsAsync(api, "importance=warn,urgent&integration_id=" + id)).Count);
        Assert.Equal(2, (await AlarmsAsync(api, "q=highcpu")).Count);
        Assert.Empty(await AlarmsAsync(api, "q=nothing-like-it"));
        Assert.Single(await AlarmsAsync(api, "limit=1"));
        Assert.Single(await AlarmsAsync(api, "offset=1"));
        foreach (var (query, name) in new[] { ("limit=0", "limit"), ("offset=-1", "offset"), ("status=open", "status"), ("importance=big", "importance"), ("created_after=x", "created_after") })
            Wire.AssertError(await api.GetAsync("/v1/alarm-mgmt/alarms?" + query), HttpStatusCode.BadRequest, "GOM.00007256", name);
    }
}
