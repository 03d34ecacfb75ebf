using System.Text.Json.Nodes;
using Coc.Testing.Support.Monitoring;

namespace Coc.Server.Tests.Metrics;

/// <summary>
/// issue 15, Done means: a real Prometheus (Debian's <c>prometheus</c>) scrapes the server's <c>/metrics</c> every
/// second, and PromQL over what it stored answers the counts of a scripted workload.
/// </summary>
[Trait("Category", "RealParts")]
public sealed partial class PrometheusScrapeTests(MetricsServer server) : IClassFixture<MetricsServer>
{
    [Fact]
    public async Task PromQL_over_the_scraped_metrics_answers_the_counts_of_a_scripted_workload()
    {
        await using var prometheus = await PrometheusProcess.StartAsync(new Uri(server.Process.BaseAddress, "/metrics"));
        await prometheus.WaitForTargetUpAsync();
        var api = server.Api();

        var workload = System.Diagnostics.Stopwatch.StartNew();
        var numbers = new List<string>();
        for (var i = 0; i < 4; i++) numbers.Add(await api.CreateAsync(Bodies.Create($"scraped {i}")));
        foreach (var number in numbers.Take(3)) await api.DoAsync(number, People.Alice, "acceptedIncident1");
        var longestAccept = workload.Elapsed.TotalSeconds; // no ticket waited longer than the workload so far
        await api.DoAsync(numbers[0], People.Alice, "commitSolution1", Bodies.Solution());
        await api.DoAsync(numbers[0], People.Carol, "confirm", Bodies.Confirmation(true));
        var (_, key) = await Alarms.AlarmKit.CreateIntegrationAsync(api);
        Wire.AssertOk(await Alarms.AlarmKit.DeliverAsync(api, key,
            Alarms.AlarmKit.Payload("{}:{alertname=\"Scraped\"}", Alarms.AlarmKit.Alert("5c01"), Alarms.AlarmKit.Alert("5c02"))));
        Wire.AssertOk(await Alarms.AlarmKit.DeliverAsync(api, key, Alarms.AlarmKit.Payload("{}:{alertname=\"Scraped\"}", Alarms.AlarmKit.Alert("5c01"))));

        const string scope = "job=\"coc\"";
        await prometheus.WaitForValueAsync($"sum(coc_incidents_created_total{{{scope},level=\"level_40\"}})", 4);
        await prometheus.WaitForValueAsync($"sum(coc_incident_operations_total{{{scope},operate_key=\"acceptedIncident1\",outcome=\"applied\"}})", 3);
        await prometheus.WaitForValueAsync($"sum(coc_incident_operations_total{{{scope},outcome=\"applied\"}})", 5);
        await prometheus.WaitForValueAsync($"sum(coc_alarms_received_total{{{scope},integration_type=\"prometheus\",outcome=\"created\"}})", 2);
        await prometheus.WaitForValueAsync($"sum by (outcome) (coc_alarms_received_total{{{scope},outcome=\"converged\"}})", 1);
        await prometheus.WaitForValueAsync($"sum(coc_incidents_open{{{scope},status=\"{Statuses.Triggered}\"}})", 1);
        await prometheus.WaitForValueAsync($"sum(coc_incidents_open{{{scope},status=\"{Statuses.Acknowledged}\"}})", 2);
        await prometheus.WaitForValueAsync($"absent(coc_incidents_open{{{scope},status=\"{Statuses.Completed}\"}})", 1); // closed is not open
        await prometheus.WaitForValueAsync($"sum(coc_incident_time_to_accept_seconds_count{{{scope},level=\"level_40\"}})", 3);
        await prometheus.WaitForValueAsync($"sum(coc_incident_time_to_resolve_seconds_count{{{scope},level=\"level_40\"}})", 1);
        var p90 = await prometheus.WaitForAsync($"histogram_quantile(0.9, sum by (le) (coc_incident_time_to_accept_seconds_bucket{{{scope}}}))",
            samples => samples.Count == 1);
        // Within the bucket holding the longest wait at most: the quantile interpolates inside buckets.
        Assert.InRange(p90[0].Value, 0, Coc.Core.Telemetry.CocMeter.HumanSeconds.First(bound => bound >= longestAccept));
        await prometheus.WaitForAsync($"sum(http_server_request_duration_seconds_count{{{scope},http_route=\"/v1/external/incident/create\"}})",
            samples => samples.Count == 1 && samples[0].Value == 4);

        // The Grafana dashboard's queries are valid PromQL (Prometheus refuses the others) and each names metrics the server serves.
        foreach (var (title, expr) in DashboardQueries())
        {
            var query = expr.Replace("$job", "coc", StringComparison.Ordinal);
            await prometheus.QueryAsync(query);
            Assert.True(MetricNames().Matches(query).All(m => KnownMetric(m.Value)), $"{title}: {query}");
        }
    }

    private static IEnumerable<(string Title, string Expr)> DashboardQueries()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "grafana", "coc-incident.json");
        var dashboard = JsonNode.Parse(File.ReadAllText(path))!;
        return dashboard["panels"]!.AsArray().SelectMany(panel => panel!["targets"]!.AsArray()
            .Select(t => (panel["title"]!.GetValue<string>(), t!["expr"]!.GetValue<string>())));
    }

    private static bool KnownMetric(string name) => name.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal)
        || name is "coc_incidents_open" or "coc_incidents_created_total" or "coc_incident_operations_total"
            or "coc_ticket_cache_hits_total" or "coc_ticket_cache_misses_total" or "coc_storage_errors_total"
            or "coc_alarms_received_total" or "coc_webhook_deliveries_total"
        || name.StartsWith("coc_webhook_delivery_duration_seconds_", StringComparison.Ordinal)
        || name.StartsWith("coc_incident_time_to_accept_seconds_", StringComparison.Ordinal)
        || name.StartsWith("coc_incident_time_to_resolve_seconds_", StringComparison.Ordinal)
        || name.StartsWith("coc_storage_commit_batch_size_", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CocIncident.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no CocIncident.sln above {AppContext.BaseDirectory}");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(coc|http_server)_[a-z_]+")]
    private static partial System.Text.RegularExpressions.Regex MetricNames();
}
