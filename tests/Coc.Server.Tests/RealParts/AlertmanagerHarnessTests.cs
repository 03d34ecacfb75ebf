using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coc.Testing.Support.Monitoring;

namespace Coc.Server.Tests.RealParts;

/// <summary>
/// The harness's real Alertmanager notifying a loopback receiver: what arrives is what the ingestion endpoint will
/// get from a real deployment (version "4" groups, re-sends when a group changes or repeat_interval passes,
/// resolved messages).
/// </summary>
[Trait("Category", "RealParts")]
public sealed partial class AlertmanagerHarnessTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private LoopbackReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await LoopbackReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private Uri Webhook => _receiver.UrlOf("/v1/event/prometheus/test-key");

    [Fact]
    public async Task A_fired_alert_arrives_as_a_version_4_group_with_its_labels_and_fingerprint()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync(Webhook);
        var alert = AlertmanagerAlert.Named("HighCPU", ("severity", "critical"), ("instance", "web-1")) with
        {
            Annotations = new Dictionary<string, string> { ["summary"] = "CPU above 90%" },
        };

        await alertmanager.FireAsync(alert);
        var delivery = await _receiver.WaitForAsync(timeout: Wait);

        Assert.Equal("POST", delivery.Method);
        Assert.Equal("/v1/event/prometheus/test-key", delivery.Path);
        Assert.StartsWith("application/json", delivery.Header("Content-Type"));
        Assert.StartsWith("Alertmanager/0.25", delivery.Header("User-Agent"));
        Assert.EndsWith("\n", delivery.BodyText);
        using var json = delivery.Json();
        var body = json.RootElement;
        Assert.Equal("4", body.GetProperty("version").GetString());
        Assert.Equal("firing", body.GetProperty("status").GetString());
        Assert.Equal("coc", body.GetProperty("receiver").GetString());
        Assert.Equal("{}:{alertname=\"HighCPU\"}", body.GetProperty("groupKey").GetString());
        var sent = Assert.Single(body.GetProperty("alerts").EnumerateArray());
        Assert.Equal("firing", sent.GetProperty("status").GetString());
        Assert.Equal(alert.Labels, Strings(sent.GetProperty("labels")));
        Assert.Equal(alert.Annotations, Strings(sent.GetProperty("annotations")));
        Assert.Equal("0001-01-01T00:00:00Z", sent.GetProperty("endsAt").GetString());
        var fingerprint = sent.GetProperty("fingerprint").GetString()!;
        Assert.Matches(Fingerprint(), fingerprint);
        var held = Assert.Single(await alertmanager.GetAlertsAsync());
        Assert.Equal(fingerprint, held!["fingerprint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_resolved_alert_sends_a_resolved_message()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync(Webhook);
        var alert = AlertmanagerAlert.Named("DiskFull", ("severity", "major"), ("instance", "db-1"));
        await alertmanager.FireAsync(alert);
        var firing = await _receiver.WaitForAsync(timeout: Wait);

        await alertmanager.ResolveAsync(alert);
        var resolved = await _receiver.WaitForAsync(1, timeout: Wait);

        using var firingJson = firing.Json();
        using var resolvedJson = resolved.Json();
        Assert.Equal("resolved", resolvedJson.RootElement.GetProperty("status").GetString());
        var sent = Assert.Single(resolvedJson.RootElement.GetProperty("alerts").EnumerateArray());
        Assert.Equal("resolved", sent.GetProperty("status").GetString());
        Assert.NotEqual("0001-01-01T00:00:00Z", sent.GetProperty("endsAt").GetString());
        Assert.Equal(
            firingJson.RootElement.GetProperty("alerts")[0].GetProperty("fingerprint").GetString(),
            sent.GetProperty("fingerprint").GetString());
    }

    [Fact]
    public async Task A_new_alert_joining_the_group_resends_the_old_ones_with_it_after_group_interval_and_no_more()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync(Webhook);
        var first = AlertmanagerAlert.Named("HighLatency", ("severity", "critical"), ("instance", "web-1"));
        var second = AlertmanagerAlert.Named("HighLatency", ("severity", "critical"), ("instance", "web-2"));
        await alertmanager.FireAsync(first);
        var alone = await _receiver.WaitForAsync(timeout: Wait);

        await alertmanager.FireAsync(second);
        var together = await _receiver.WaitForAsync(1, timeout: Wait);

        Assert.Equal(["web-1"], Instances(alone));
        Assert.Equal(["web-1", "web-2"], Instances(together));
        // Alertmanager's group timer starts when a flush begins, and a busy machine can delay either delivery,
        // so the gap between receipts is measured against half the interval: an immediate resend would be ~0 s.
        Assert.True(together.At - alone.At >= TimeSpan.FromSeconds(1),
            $"the group changed {together.At - alone.At} after the first notification, not on the next group_interval (2 s) tick");
        // Unchanged since, and repeat_interval is an hour: the next two group_interval ticks send nothing.
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        Assert.Equal(2, _receiver.Received.Count);
    }

    [Fact]
    public async Task An_unchanged_firing_group_is_sent_again_once_repeat_interval_passes()
    {
        var options = new AlertmanagerOptions { GroupInterval = TimeSpan.FromSeconds(1), RepeatInterval = TimeSpan.FromSeconds(3) };
        await using var alertmanager = await AlertmanagerProcess.StartAsync(Webhook, options);
        await alertmanager.FireAsync(AlertmanagerAlert.Named("QueueBacklog", ("severity", "warning")));
        var original = await _receiver.WaitForAsync(timeout: Wait);

        var repeat = await _receiver.WaitForAsync(1, timeout: Wait);

        // Measured with a margin for delivery delays on a busy machine; a resend on each group_interval tick would be ~1 s.
        Assert.True(repeat.At - original.At >= TimeSpan.FromSeconds(2),
            $"re-sent {repeat.At - original.At} after the first notification, sooner than repeat_interval (3 s)");
        using var originalJson = original.Json();
        using var repeatJson = repeat.Json();
        Assert.Equal(
            originalJson.RootElement.GetProperty("alerts").GetRawText(),
            repeatJson.RootElement.GetProperty("alerts").GetRawText());
    }

    [Fact]
    public async Task A_delivery_the_receiver_fails_with_a_5xx_is_sent_again_byte_for_byte()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync(Webhook);
        _receiver.StatusCode = 503;
        await alertmanager.FireAsync(AlertmanagerAlert.Named("HighMemory", ("severity", "critical")));
        var failed = await _receiver.WaitForAsync(timeout: Wait);
        _receiver.StatusCode = 200;

        var retried = await _receiver.WaitForAsync(1, timeout: Wait);

        Assert.Equal(failed.Body, retried.Body);
    }

    [Fact]
    public async Task A_missing_binary_fails_clearly_naming_the_package_and_the_variable()
    {
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            AlertmanagerProcess.StartAsync(Webhook, new AlertmanagerOptions { BinaryPath = "/nonexistent/prometheus-alertmanager" }));

        Assert.Contains("Alertmanager is not installed", error.Message);
        Assert.Contains("/nonexistent/prometheus-alertmanager", error.Message);
        Assert.Contains("prometheus-alertmanager", error.Message);
        Assert.Contains(AlertmanagerProcess.BinaryVariable, error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
    }

    private static Dictionary<string, string> Strings(JsonElement map) =>
        map.EnumerateObject().ToDictionary(entry => entry.Name, entry => entry.Value.GetString()!);

    private static List<string> Instances(ReceivedRequest delivery)
    {
        using var json = delivery.Json();
        return json.RootElement.GetProperty("alerts").EnumerateArray()
            .Select(alert => alert.GetProperty("labels").GetProperty("instance").GetString()!).Order().ToList();
    }

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex Fingerprint();
}
