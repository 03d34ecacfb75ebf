using System.Text;
using System.Text.Json;

namespace Coc.Core.Tests.Captures;

/// <summary>
/// The captured real Alertmanager deliveries under Fixtures/alertmanager/ (see the README there) are what the
/// parser tests feed on: each body is byte-exact (its Content-Length matches, it ends in Go's newline), came from
/// Alertmanager 0.25 as a version "4" payload, and each scenario holds the alerts it says.
/// </summary>
public sealed class AlertmanagerCaptureTests
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "alertmanager");

    public static TheoryData<string> Names() =>
        new(System.IO.Directory.GetFiles(Directory, "*.json").Select(Path.GetFileNameWithoutExtension).Order()!);

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_capture_is_a_byte_exact_version_4_delivery_of_alertmanager_0_25(string name)
    {
        var body = File.ReadAllBytes(Path.Combine(Directory, name + ".json"));
        var headers = Headers(name);

        Assert.Equal(body.Length.ToString(), headers["Content-Length"]);
        Assert.Equal("application/json", headers["Content-Type"]);
        Assert.StartsWith("Alertmanager/0.25", headers["User-Agent"]);
        Assert.Equal((byte)'\n', body[^1]);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("4", json.RootElement.GetProperty("version").GetString());
        Assert.Equal("coc", json.RootElement.GetProperty("receiver").GetString());
    }

    [Theory]
    [InlineData("firing-single", "firing", "firing", 0)]
    [InlineData("firing-joined", "firing", "firing,firing", 0)]
    [InlineData("firing-partly-resolved", "firing", "firing,resolved", 0)]
    [InlineData("resolved", "resolved", "resolved", 0)]
    [InlineData("firing-group", "firing", "firing,firing,firing", 0)]
    [InlineData("firing-truncated", "firing", "firing,firing", 1)]
    public void Each_scenario_holds_the_alerts_it_names(string name, string status, string alertStatuses, int truncated)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, name + ".json")));
        var root = json.RootElement;

        Assert.Equal(status, root.GetProperty("status").GetString());
        var alerts = root.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(alertStatuses, string.Join(",", alerts.Select(a => a.GetProperty("status").GetString()).Order()));
        Assert.Equal(truncated, root.GetProperty("truncatedAlerts").GetInt32());
        Assert.All(alerts, alert => Assert.Matches("^[0-9a-f]{16}$", alert.GetProperty("fingerprint").GetString()));
    }

    [Fact]
    public void The_joined_group_re_sends_the_first_alert_with_the_same_fingerprint()
    {
        var single = Fingerprints("firing-single");
        var joined = Fingerprints("firing-joined");

        Assert.Single(single);
        Assert.Equal(2, joined.Count);
        Assert.Contains(single[0], joined);
    }

    [Fact]
    public void A_resolution_once_delivered_is_not_sent_again_with_the_groups_last_one()
    {
        var partly = Fingerprints("firing-partly-resolved");
        var last = Assert.Single(Fingerprints("resolved"));

        Assert.Equal(Fingerprints("firing-joined").Order(), partly.Order());
        Assert.Contains(last, partly);
        Assert.DoesNotContain(Fingerprints("firing-single")[0], Fingerprints("resolved"));
    }

    [Fact]
    public void Go_escapes_html_characters_and_keeps_other_text_as_utf8()
    {
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(Directory, "firing-single.json")));

        Assert.Contains(@"load \u003cb\u003ehigh\u003c/b\u003e \u0026 rising", text);
        Assert.Contains("CPU 使用率超过 90%", text);
    }

    private static List<string> Fingerprints(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, name + ".json")));
        return json.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("fingerprint").GetString()!).ToList();
    }

    /// <summary>The NAME.headers file: the request line, then one <c>Name: value</c> line per header.</summary>
    private static Dictionary<string, string> Headers(string name) =>
        File.ReadAllLines(Path.Combine(Directory, name + ".headers")).Skip(1)
            .Select(line => line.Split(": ", 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.OrdinalIgnoreCase);
}
