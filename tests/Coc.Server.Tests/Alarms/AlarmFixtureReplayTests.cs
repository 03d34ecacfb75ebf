using System.Text.Json;
using Coc.Core.Alarms;
using static Coc.Server.Tests.Alarms.AlarmKit;

namespace Coc.Server.Tests.Alarms;

/// <summary>
/// Rows 24–30 of shared/fixtures/sdk-signed-requests-2.jsonl, byte for byte with their own signatures, in secure mode:
/// the two events on their integration keys, then show, handle histories, auto-process, transfer and clear on seeded alarms.
/// </summary>
public sealed class AlarmFixtureReplayTests
{
    private static readonly DateTimeOffset SignedAt = new(2026, 12, 1, 21, 53, 31, TimeSpan.Zero);
    private const string Alarm1 = "ALM2026112221334705XCFf001";
    private const string Alarm2 = "ALM2026112221334705XCFf002";

    [Fact]
    public async Task Rows_24_to_30_replay_in_secure_mode_and_answer_in_the_documented_shapes()
    {
        await using var server = new CocServerFactory(emulator: false, kestrel: true, clockStart: SignedAt);
        const string project = StoreSeeding.FixtureProject;
        await server.EnsureProjectAsync(project);
        var prometheus = await SeedIntegrationAsync(server, project, IntegrationTypes.Prometheus, "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6");
        await SeedIntegrationAsync(server, project, IntegrationTypes.Custom, "Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6");
        await SeedAlarmAsync(server, prometheus, Alarm1, "0000000000000001");
        await SeedAlarmAsync(server, prometheus, Alarm2, "0000000000000002");
        using var http = server.CreateWireClient(signed: false);
        var answers = new Dictionary<int, WireResponse>();
        for (var id = 24; id <= 30; id++) answers[id] = await FixtureReplayTests.SendAsync(http, SdkRequests.Row(id), withAuthorization: true);
        var api = new CocApi(server.CreateWireClient(), project);

        // 24, 25: the COC envelope with data null; two Prometheus alarms and one custom alarm stored.
        foreach (var id in new[] { 24, 25 })
        {
            Wire.AssertOk(answers[id]);
            Assert.Equal(JsonValueKind.Null, answers[id].Data.ValueKind);
        }
        var stored = await AlarmsAsync(api);
        Assert.Equal(5, stored.Count);
        Assert.Equal(["4c1b2f9a8e7d6c05", "9e8d7c6b5a4f3e21"],
            stored.Where(a => a.Str("group_key") == "{}:{alertname=\"HighCPU\"}").Select(a => a.Str("source_key")).Order());
        var custom = stored.Single(a => a.Str("source_key") == "zbx-cpu-ecs-db-01");
        Wire.AssertString(custom, "importance", "major");
        Wire.AssertString(custom, "namespace", "SYS.ECS");
        Assert.Equal(93, custom.GetProperty("additional").GetProperty("value").GetInt32());

        // 26: {"data": Alarm} without the envelope, every AlarmInfoDTO key present.
        var shown = answers[26].Json;
        Assert.Equal(["data"], shown.EnumerateObject().Select(p => p.Name));
        Wire.AssertString(shown.GetProperty("data"), "id", Alarm1);
        foreach (var key in new[] { "id", "name", "importance", "come_from", "come_from_en", "transfer_rule", "transfer_rule_name", "app", "status",
                     "owner", "owner_name", "owner_alias", "converge_count", "associate_event_id", "domain_id", "creator", "creator_name",
                     "create_time", "update_time", "remarks", "region", "task_type", "associated_task_type", "associated_task_id",
                     "associated_task_name" })
            Assert.True(shown.GetProperty("data").TryGetProperty(key, out _), $"row 26 lacks {key}");

        // 27: no entries yet.
        Assert.Equal(["count", "alarm_handle_histories", "resolved_record"], answers[27].Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, Wire.AssertInteger(answers[27].Json, "count"));

        // 28: the work-order id.
        var workOrder = answers[28].Json.GetProperty("data").GetString()!;
        Assert.Matches("^WO[0-9]{24}$", workOrder);

        // 29: both alarms linked to a new incident made by the create rules.
        Assert.Equal([Alarm1, Alarm2], answers[29].Json.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        var incident = answers[29].Json.Str("incident_num");
        var ticket = await api.TicketAsync(incident);
        Wire.AssertString(ticket, "incident_level", "level_30");
        Wire.AssertString(ticket, "incident_source", "incident_source_alarm");
        Wire.AssertString(ticket, "incident_ownership", "incident_ownership_alarm");
        Assert.Equal(["cn-north-4"], Wire.AssertStringArray(ticket, "region"));
        Assert.Equal([People.Oncall], Wire.AssertStringArray(ticket, "incident_assignee"));
        Wire.AssertString(ticket, "creator", TestKey.Fixture.AccessKey); // the credential is bound to nobody

        // 30: both cleared, in request order.
        Assert.Equal([Alarm1, Alarm2], answers[30].Json.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        var after = (await api.GetAsync("/v1/alarm-mgmt/alarm/" + Alarm1)).Json.GetProperty("data");
        Wire.AssertString(after, "status", "resolved");
        Wire.AssertString(after, "resolved_by", "manual");
        Wire.AssertString(after, "remarks", "nginx restarted");
        Wire.AssertString(after, "associate_event_id", incident);
        Wire.AssertString(after, "task_type", "SCRIPT");
        Assert.Equal(1795381500000, after.GetProperty("clear_info").GetProperty("fault_recovery_time").GetInt64());

        var histories = await api.GetAsync($"/v1/alarm-mgmt/alarm/{Alarm1}/handle-histories?offset=0&limit=100");
        var entries = histories.Json.GetProperty("alarm_handle_histories").EnumerateArray().ToList();
        Assert.Equal(["TRANSFER", "SCRIPT"], entries.Select(e => e.Str("task_type")));
        Wire.AssertString(entries[1], "work_order_id", workOrder);
        Wire.AssertString(entries[1], "status", "RECORDED");
        Wire.AssertString(entries[0], "associated_task_id", incident);
        Wire.AssertString(histories.Json.GetProperty("resolved_record"), "remarks", "nginx restarted");

        var linked = (await api.TicketAsync(incident)).GetProperty("alarms").EnumerateArray().ToList();
        Assert.Equal([Alarm1, Alarm2], linked.Select(a => a.Str("alarm_id")));
        Assert.All(linked, a => Wire.AssertString(a, "status", "resolved"));
        var history = await api.HistoryAsync(incident);
        Assert.Equal(["create", "alarms_resolved"], history.EnumerateArray().Select(e => e.Str("action")));
    }
}
