using System.Net;
using System.Text.Json.Nodes;
using Coc.Server.Tests.Webhooks;
using static Coc.Server.Tests.Alarms.AlarmKit;

namespace Coc.Server.Tests.Metrics;

/// <summary>A metrics server whose subscriptions may point at a loopback receiver.</summary>
public sealed class LoopbackWebhookMetricsServer() : MetricsServer(["Coc:Webhooks:AllowPrivateTargets=true"]);

/// <summary>
/// outbound.md, Metrics: <c>coc_alarms_received_total{integration_type,outcome}</c> counts each alert or custom event
/// by what it did (created, converged, resolved, ignored) and each refused payload (rejected);
/// <c>coc_webhook_deliveries_total{outcome}</c> and <c>coc_webhook_delivery_duration_seconds</c> count and time each
/// delivery attempt. The tests share one server process and compare the metrics before and after their own steps.
/// </summary>
public sealed class AlarmAndWebhookMetricsTests(LoopbackWebhookMetricsServer server) : IClassFixture<LoopbackWebhookMetricsServer>
{
    private const string Received = "coc_alarms_received_total";
    private const string Deliveries = "coc_webhook_deliveries_total";
    private const string Duration = "coc_webhook_delivery_duration_seconds";
    private const string Group = "{}:{alertname=\"HighCPU\"}";

    private readonly CocApi _api = server.Api();

    [Fact]
    public async Task Alarms_received_count_created_converged_resolved_ignored_and_rejected_by_integration_type()
    {
        var (_, key) = await CreateIntegrationAsync(_api);
        var (_, customKey) = await CreateIntegrationAsync(_api, "custom");
        var before = await server.ScrapeAsync();

        Wire.AssertOk(await DeliverAsync(_api, key, Payload(Group, Alert("e001"), Alert("e002"))));
        Wire.AssertOk(await DeliverAsync(_api, key, Payload(Group, Alert("e001"))));
        Wire.AssertOk(await DeliverAsync(_api, key, Payload(Group, Alert("e001", "resolved"), Alert("e003", "resolved"))));
        var invalid = Payload(Group, Alert("e004"));
        invalid["version"] = "3";
        Wire.AssertError(await DeliverAsync(_api, key, invalid), HttpStatusCode.BadRequest, "GOM.00007256");
        Wire.AssertError(await DeliverAsync(_api, "NoSuchKeyNoSuchKeyNoSuchKey01234", Payload(Group, Alert("e005"))),
            HttpStatusCode.Unauthorized, "GOM.00007263");
        var custom = new JsonObject
        {
            ["alarmId"] = "zbx-m", ["alarmName"] = "CPU", ["alarmLevel"] = "Minor", ["time"] = 1795380903000, ["nameSpace"] = "SYS.ECS",
            ["applicationId"] = "app-123", ["alarmDesc"] = "hot", ["alarmSource"] = "zabbix",
        };
        Wire.AssertOk(await DeliverAsync(_api, customKey, custom, "custom"));
        var after = await server.ScrapeAsync();

        double Delta(string type, string outcome) =>
            after.Sum(Received, ("integration_type", type), ("outcome", outcome)) - before.Sum(Received, ("integration_type", type), ("outcome", outcome));
        Assert.Equal(2, Delta("prometheus", "created"));
        Assert.Equal(1, Delta("prometheus", "converged"));
        Assert.Equal(1, Delta("prometheus", "resolved"));
        Assert.Equal(1, Delta("prometheus", "ignored"));
        Assert.Equal(2, Delta("prometheus", "rejected"));
        Assert.Equal(1, Delta("custom", "created"));
        Assert.Equal(8, after.Sum(Received) - before.Sum(Received));
    }

    [Fact]
    public async Task Webhook_deliveries_are_counted_by_outcome_and_timed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var answers = 0;
        receiver.Answer = _ => Interlocked.Increment(ref answers) == 1 ? 500 : 200;
        var subscribed = await _api.PostAsync("/v1/admin/webhooks", new JsonObject { ["url"] = receiver.Url, ["event_types"] = new JsonArray("incident.created") });
        Wire.AssertOk(subscribed);
        var before = await server.ScrapeAsync();

        await _api.CreateAsync(Bodies.Create("first: answered 500"));
        await _api.CreateAsync(Bodies.Create("second: answered 200"));
        await receiver.WaitForAsync(r => r.Count >= 2);
        ScrapedMetrics after = before;
        for (var i = 0; i < 100 && after.Sum(Deliveries) - before.Sum(Deliveries) < 2; i++)
        {
            await Task.Delay(50);
            after = await server.ScrapeAsync();
        }

        Assert.Equal(1, after.Sum(Deliveries, ("outcome", "retrying")) - before.Sum(Deliveries, ("outcome", "retrying")));
        Assert.Equal(1, after.Sum(Deliveries, ("outcome", "delivered")) - before.Sum(Deliveries, ("outcome", "delivered")));
        Assert.Equal(2, after.Sum(Duration + "_count") - before.Sum(Duration + "_count"));
        var seconds = after.Sum(Duration + "_sum") - before.Sum(Duration + "_sum");
        Assert.InRange(seconds, 0, 20);
        Assert.Contains(after.Samples, s => s.Name == Duration + "_bucket" && s.Labels.GetValueOrDefault("le") == "0.005");
        Wire.AssertOk(await _api.SendAsync(HttpMethod.Delete, "/v1/admin/webhooks/" + subscribed.Data.Str("id"), CocApi.Raw("{}")));
    }
}
