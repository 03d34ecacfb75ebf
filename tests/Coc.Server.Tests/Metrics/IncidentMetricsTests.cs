namespace Coc.Server.Tests.Metrics;

/// <summary>
/// outbound.md, Metrics: after a scripted workload every counter of the service moved by exactly what the workload
/// did. Each test reads the metrics before and after its own steps, so the tests of this class share one server.
/// </summary>
public sealed class IncidentMetricsTests(MetricsServer server) : IClassFixture<MetricsServer>
{
    private const string Created = "coc_incidents_created_total";
    private const string Operations = "coc_incident_operations_total";
    private const string Open = "coc_incidents_open";
    private const string Level = "level_40";
    private const string Type = "inc_type_p_function_issues";

    private readonly CocApi _api = server.Api();

    private static double OpenCount(ScrapedMetrics m, string status) => m.Sum(Open, ("status", status), ("level", Level));

    [Fact]
    public async Task An_incident_a_transfer_rule_makes_from_an_alarm_is_counted_as_created_and_open()
    {
        var (_, key) = await Alarms.AlarmKit.CreateIntegrationAsync(_api, rule: Alarms.AlarmKit.AutoRule());
        const string level = "level_30", type = "inc_type_p_reliability_issues"; // the default rule's major and type
        var before = await server.ScrapeAsync();

        Wire.AssertOk(await Alarms.AlarmKit.DeliverAsync(_api, key,
            Alarms.AlarmKit.Payload("{}:{alertname=\"MetricsGroup\"}", Alarms.AlarmKit.Alert("4d01", severity: "major"))));
        var after = await server.ScrapeAsync();

        Assert.Equal(1, after.Sum(Created, ("level", level), ("type", type)) - before.Sum(Created, ("level", level), ("type", type)));
        Assert.Equal(1, after.Sum(Open, ("status", Statuses.Triggered), ("level", level)) - before.Sum(Open, ("status", Statuses.Triggered), ("level", level)));
    }

    [Fact]
    public async Task Creates_operations_open_tickets_and_the_time_histograms_move_by_exactly_the_workload()
    {
        var before = await server.ScrapeAsync();

        var closed = await _api.CreateAsync(Bodies.Create("closed"));
        var accepted = await _api.CreateAsync(Bodies.Create("accepted"));
        var untouched = await _api.CreateAsync(Bodies.Create("untouched"));
        var created = await server.ScrapeAsync();
        Assert.Equal(3, created.Sum(Created, ("level", Level), ("type", Type)) - before.Sum(Created, ("level", Level), ("type", Type)));
        Assert.Equal(3, OpenCount(created, Statuses.Triggered) - OpenCount(before, Statuses.Triggered));

        await _api.DoAsync(closed, People.Alice, "acceptedIncident1");
        await _api.DoAsync(accepted, People.Alice, "acceptedIncident1");
        var afterAccept = await server.ScrapeAsync();
        Assert.Equal(1, OpenCount(afterAccept, Statuses.Triggered) - OpenCount(before, Statuses.Triggered));
        Assert.Equal(2, OpenCount(afterAccept, Statuses.Acknowledged) - OpenCount(before, Statuses.Acknowledged));

        await _api.DoAsync(closed, People.Alice, "commitSolution1", Bodies.Solution());
        var afterSolve = await server.ScrapeAsync();
        Assert.Equal(1, OpenCount(afterSolve, Statuses.Acknowledged) - OpenCount(before, Statuses.Acknowledged));
        Assert.Equal(1, OpenCount(afterSolve, Statuses.Resolved) - OpenCount(before, Statuses.Resolved));

        await _api.DoAsync(closed, People.Carol, "confirm", Bodies.Confirmation(true));
        var refused = await _api.HandleAsync(untouched, People.Carol, "confirm", Bodies.Confirmation(true)); // not allowed while triggered
        Assert.Equal(409, (int)refused.Status);
        var unknown = await _api.HandleAsync(untouched, People.Alice, "no-such-operation");
        Assert.Equal(400, (int)unknown.Status);
        var after = await server.ScrapeAsync();

        Assert.Equal(0, OpenCount(after, Statuses.Resolved) - OpenCount(before, Statuses.Resolved));
        Assert.Equal(1, OpenCount(after, Statuses.Acknowledged) - OpenCount(before, Statuses.Acknowledged));
        Assert.Equal(1, OpenCount(after, Statuses.Triggered) - OpenCount(before, Statuses.Triggered));
        Assert.Equal(0, after.Sum(Open, ("status", Statuses.Completed)));

        double Delta(string operateKey, string outcome) =>
            after.Sum(Operations, ("operate_key", operateKey), ("outcome", outcome)) - before.Sum(Operations, ("operate_key", operateKey), ("outcome", outcome));
        Assert.Equal(2, Delta("acceptedIncident1", "applied"));
        Assert.Equal(1, Delta("commitSolution1", "applied"));
        Assert.Equal(1, Delta("confirm", "applied"));
        Assert.Equal(1, Delta("confirm", "refused"));
        Assert.Equal(1, Delta("other", "refused"));
        Assert.DoesNotContain(after.Samples, s => s.Name == Operations && s.Labels["operate_key"] == "no-such-operation");
        Assert.Equal(6, after.Sum(Operations) - before.Sum(Operations)); // 4 applied, 2 refused

        double Count(string histogram) =>
            after.Sum(histogram + "_count", ("level", Level)) - before.Sum(histogram + "_count", ("level", Level));
        Assert.Equal(2, Count("coc_incident_time_to_accept_seconds"));
        Assert.Equal(1, Count("coc_incident_time_to_resolve_seconds"));
        Assert.True(after.Sum("coc_incident_time_to_accept_seconds_sum", ("level", Level)) >= before.Sum("coc_incident_time_to_accept_seconds_sum", ("level", Level)));
    }

    [Fact]
    public async Task A_create_is_one_write_in_one_group_commit_and_details_reads_count_cache_hits_and_misses()
    {
        var number = await _api.CreateAsync(Bodies.Create("cache"));
        var before = await server.ScrapeAsync();

        for (var i = 0; i < 3; i++) Wire.AssertOk(await _api.DetailsAsync(number));
        await _api.CreateAsync(Bodies.Create("one more write"));
        var after = await server.ScrapeAsync();

        if (server.UsesTicketCache)
        {
            Assert.Equal(1, after.Sum("coc_ticket_cache_misses_total") - before.Sum("coc_ticket_cache_misses_total"));
            Assert.Equal(2, after.Sum("coc_ticket_cache_hits_total") - before.Sum("coc_ticket_cache_hits_total"));
        }
        else
        {
            Assert.False(after.Has("coc_ticket_cache_hits_total"), "PostgreSQL has no ticket cache");
        }
        Assert.Equal(1, after.Sum("coc_storage_commit_batch_size_count") - before.Sum("coc_storage_commit_batch_size_count"));
        Assert.Equal(1, after.Sum("coc_storage_commit_batch_size_sum") - before.Sum("coc_storage_commit_batch_size_sum"));
    }

    [Fact]
    public async Task Request_durations_are_ASP_NET_Cores_by_route_and_status()
    {
        var number = await _api.CreateAsync(Bodies.Create("timed"));
        var before = await server.ScrapeAsync();

        Wire.AssertOk(await _api.DetailsAsync(number));
        Wire.AssertOk(await _api.DetailsAsync(number));
        var after = await server.ScrapeAsync();

        const string duration = "http_server_request_duration_seconds_count";
        var route = after.Samples.Where(s => s.Name == duration && s.Labels.GetValueOrDefault("http_request_method") == "GET"
                && s.Labels.GetValueOrDefault("http_response_status_code") == "200")
            .Select(s => s.Labels.GetValueOrDefault("http_route")).FirstOrDefault(r => r is not null && r.StartsWith("/v1/external/incident/", StringComparison.Ordinal));
        Assert.True(route is not null, after.Text);
        (string, string)[] labels = [("http_route", route!), ("http_request_method", "GET"), ("http_response_status_code", "200")];
        Assert.Equal(2, after.Sum(duration, labels) - before.Sum(duration, labels));
    }
}
