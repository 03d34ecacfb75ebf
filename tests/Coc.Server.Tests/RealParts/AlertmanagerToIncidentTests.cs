using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Server.Tests.Alarms;
using Coc.Testing.Support;
using Coc.Testing.Support.Monitoring;

namespace Coc.Server.Tests.RealParts;

/// <summary>
/// The whole path with the real parts (issue 14, "Done means"): a real Alertmanager notifies the server's ingestion URL
/// (secure mode, the integration made through the admin API); a critical alert becomes an alarm and, by the transfer
/// rule, an incident; re-sends converge; a person accepts the incident; resolving the alert in Alertmanager resolves the
/// alarm and writes <c>alarms_resolved</c> on the incident without changing its status.
/// </summary>
[Trait("Category", "RealParts")]
public sealed class AlertmanagerToIncidentTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coc-server-tests", "am-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly string? _db = TestEngine.IsPostgres ? TestEngine.CreateDatabase() : null;

    public AlertmanagerToIncidentTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        if (_db is not null) TestEngine.DropDatabase(_db);
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* the temp folder is cleaned eventually */ }
    }

    [Fact]
    public async Task A_critical_alert_fired_in_Alertmanager_becomes_an_alarm_and_an_incident_and_its_resolution_reaches_both()
    {
        using var server = await ServerProcess.StartAsync(Path.Combine(_directory, "coc.db"), db: _db);
        var api = new CocApi(server.CreateClient(), "default");
        var rule = AlarmKit.AutoRule();
        rule["auto_incident_importances"] = new JsonArray("urgent");
        rule["region"] = "cn-north-4";
        var (integration, key) = await AlarmKit.CreateIntegrationAsync(api, rule: rule);
        var options = new AlertmanagerOptions { GroupInterval = TimeSpan.FromSeconds(1), RepeatInterval = TimeSpan.FromSeconds(3) };
        await using var alertmanager = await AlertmanagerProcess.StartAsync(new Uri(server.BaseAddress, "/v1/event/prometheus/" + key), options);
        var alert = AlertmanagerAlert.Named("HighCPU", ("severity", "critical"), ("instance", "web-1")) with
        {
            Annotations = new Dictionary<string, string> { ["summary"] = "CPU above 90%", ["description"] = "93% for 5 minutes" },
        };
        var minor = AlertmanagerAlert.Named("SlowDisk", ("severity", "minor"), ("instance", "db-1"));

        await alertmanager.FireAsync(alert, minor);
        var alarm = await AlarmAsync(api, integration, "HighCPU", a => a.GetProperty("associate_event_id").ValueKind == JsonValueKind.String,
            "the critical alert as an alarm linked to an incident");
        Assert.Equal("urgent", alarm.Str("importance"));
        Assert.Equal("alarming", alarm.Str("status"));
        Assert.Equal("Prometheus", alarm.Str("come_from"));
        Assert.Equal("web-1", alarm.GetProperty("labels").Str("instance"));
        var incident = alarm.Str("associate_event_id");
        // The minor one is an alarm too, but the rule creates incidents for urgent only.
        var slow = await AlarmAsync(api, integration, "SlowDisk", _ => true, "the minor alert as an alarm");
        Assert.Equal(JsonValueKind.Null, slow.GetProperty("associate_event_id").ValueKind);

        // repeat_interval 3 s: Alertmanager sends the unchanged group again; the same alarm counts it.
        var repeated = await AlarmAsync(api, integration, "HighCPU", a => a.GetProperty("converge_count").GetInt32() >= 2,
            "converge_count growing with Alertmanager's re-sends");
        Assert.Equal(alarm.Str("id"), repeated.Str("id"));
        Assert.Single(await AlarmKit.AlarmsAsync(api, $"integration_id={integration}&q=HighCPU"));

        var details = await api.TicketAsync(incident);
        var linked = Assert.Single(details.GetProperty("alarms").EnumerateArray());
        Assert.Equal(alarm.Str("id"), linked.Str("alarm_id"));
        Assert.Equal("HighCPU", linked.Str("name"));
        Assert.Equal(Statuses.Triggered, details.Str("status"));
        Assert.Equal("level_20", details.Str("incident_level"));
        Assert.StartsWith("HighCPU: CPU above 90%", details.Str("incident_title"));
        Assert.Single((await AlarmKit.AlarmsAsync(api, $"incident_num={incident}")));

        await api.DoAsync(incident, People.Alice, "acceptedIncident1");

        await alertmanager.ResolveAsync(alert);
        var resolved = await AlarmAsync(api, integration, "HighCPU", a => a.Str("status") == "resolved", "the alarm resolved by Alertmanager");
        Assert.Equal("source", resolved.Str("resolved_by"));
        Assert.Equal(JsonValueKind.Number, resolved.GetProperty("resolved_time").ValueKind);
        var history = await Polling.UntilAsync(async () => (await api.HistoryAsync(incident)).EnumerateArray().Select(e => e.Str("action")).ToList(),
            actions => actions.Contains("alarms_resolved"), Wait, "the incident's alarms_resolved entry");
        Assert.Equal(["create", "acceptedIncident1", "alarms_resolved"], history);
        Assert.Equal(Statuses.Acknowledged, await api.StatusAsync(incident));
        Assert.Equal("resolved", Assert.Single((await api.TicketAsync(incident)).GetProperty("alarms").EnumerateArray()).Str("status"));
    }

    private static Task<JsonElement> AlarmAsync(CocApi api, string integration, string name, Func<JsonElement, bool> done, string what) =>
        Polling.UntilAsync(
            async () => (await AlarmKit.AlarmsAsync(api, $"integration_id={integration}")).FirstOrDefault(a => a.Str("name") == name),
            a => a.ValueKind == JsonValueKind.Object && done(a), Wait, what);
}
