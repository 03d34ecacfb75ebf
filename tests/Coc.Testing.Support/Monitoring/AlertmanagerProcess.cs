using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Testing.Support.Monitoring;

/// <summary>
/// A real Alertmanager (Debian's <c>prometheus-alertmanager</c>) on a free 127.0.0.1 port, clustering off, its own
/// storage directory, one route to one webhook receiver at the URL the test gives. Alerts are fired and resolved
/// through its own API (<c>POST /api/v2/alerts</c>), as Prometheus would post them.
/// </summary>
public sealed class AlertmanagerProcess : MonitoringServer
{
    /// <summary>The variable naming the binary (exported by scripts/setup.d/30-alertmanager.sh).</summary>
    public const string BinaryVariable = "COC_TEST_ALERTMANAGER";

    private static readonly TimeSpan FiringFor = TimeSpan.FromHours(1);

    private AlertmanagerProcess(Started started, TimeSpan timeout) : base(started, timeout)
    {
    }

    /// <summary>Starts Alertmanager notifying <paramref name="webhookUrl"/> and waits until <c>/-/ready</c> answers.</summary>
    public static async Task<AlertmanagerProcess> StartAsync(Uri webhookUrl, AlertmanagerOptions? options = null)
    {
        options ??= new AlertmanagerOptions();
        var binary = ResolveBinary(options.BinaryPath, BinaryVariable, "/usr/bin/prometheus-alertmanager",
            "Alertmanager", "prometheus-alertmanager");
        var started = await StartAsync(binary, "alertmanager", "alertmanager.yml", Config(webhookUrl, options),
            (directory, listen) =>
            [
                "--config.file=" + Path.Combine(directory, "alertmanager.yml"),
                "--storage.path=" + Path.Combine(directory, "data"),
                "--web.listen-address=" + listen,
                "--web.external-url=http://" + listen + "/",
                "--cluster.listen-address=", // empty: no gossip, no peers
                "--log.level=warn",
            ],
            options.Timeout);
        return new AlertmanagerProcess(started, options.Timeout);
    }

    /// <summary>Posts the alerts as firing (<c>endsAt</c> an hour ahead).</summary>
    public Task FireAsync(params AlertmanagerAlert[] alerts) => PostAsync(alerts, DateTimeOffset.UtcNow + FiringFor);

    /// <summary>Posts the alerts with <c>endsAt</c> now: Alertmanager resolves them and, with <c>send_resolved</c>, notifies the
    /// receiver at the group's next interval.</summary>
    public Task ResolveAsync(params AlertmanagerAlert[] alerts) => PostAsync(alerts, DateTimeOffset.UtcNow);

    /// <summary>The alerts Alertmanager holds (<c>GET /api/v2/alerts</c>).</summary>
    public async Task<JsonArray> GetAlertsAsync()
    {
        using var response = await Api.GetAsync("api/v2/alerts");
        await EnsureSuccessAsync(response, "Alertmanager: GET /api/v2/alerts");
        return (JsonArray)(await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    private async Task PostAsync(IEnumerable<AlertmanagerAlert> alerts, DateTimeOffset endsAt)
    {
        var body = new JsonArray(alerts.Select(alert => (JsonNode)new JsonObject
        {
            ["labels"] = StringMap(alert.Labels),
            ["annotations"] = StringMap(alert.Annotations),
            ["startsAt"] = Rfc3339(alert.StartsAt),
            ["endsAt"] = Rfc3339(endsAt),
            ["generatorURL"] = alert.GeneratorUrl,
        }).ToArray());
        using var response = await Api.PostAsJsonAsync("api/v2/alerts", body);
        await EnsureSuccessAsync(response, "Alertmanager: POST /api/v2/alerts");
    }

    /// <summary>The configuration, written as JSON: YAML reads it unchanged and every string is escaped properly.</summary>
    private static string Config(Uri webhookUrl, AlertmanagerOptions options) => new JsonObject
    {
        ["route"] = new JsonObject
        {
            ["receiver"] = "coc",
            ["group_by"] = new JsonArray(options.GroupBy.Select(label => (JsonNode)label).ToArray()),
            ["group_wait"] = Duration(options.GroupWait),
            ["group_interval"] = Duration(options.GroupInterval),
            ["repeat_interval"] = Duration(options.RepeatInterval),
        },
        ["receivers"] = new JsonArray(new JsonObject
        {
            ["name"] = "coc",
            ["webhook_configs"] = new JsonArray(new JsonObject
            {
                ["url"] = webhookUrl.AbsoluteUri,
                ["send_resolved"] = options.SendResolved,
                ["max_alerts"] = options.MaxAlerts,
            }),
        }),
    }.ToJsonString();

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

    private static JsonObject StringMap(IReadOnlyDictionary<string, string> map) =>
        new(map.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value)));
}
