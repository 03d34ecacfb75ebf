using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Core.Alarms;
using Coc.Core.Tests.Tickets;

namespace Coc.Core.Tests.Alarms;

/// <summary>alarms.md, Ingestion — Prometheus: the strict reader of Alertmanager's webhook payload (version 4).</summary>
public class PrometheusPayloadTests
{
    public static JsonObject Alert(string fingerprint = "4c1b2f9a8e7d6c05", string status = "firing", string severity = "critical") => new()
    {
        ["status"] = status,
        ["labels"] = new JsonObject { ["alertname"] = "HighCPU", ["severity"] = severity, ["region"] = "cn-north-4", ["application"] = "app-123" },
        ["annotations"] = new JsonObject { ["summary"] = "CPU above 90%", ["description"] = "CPU usage has been 93% for 5 minutes." },
        ["startsAt"] = "2026-11-22T20:55:03.123456789Z",
        ["endsAt"] = "0001-01-01T00:00:00Z",
        ["generatorURL"] = "http://prometheus.example:9090/graph",
        ["fingerprint"] = fingerprint,
    };

    public static JsonObject Payload(params JsonObject[] alerts) => new()
    {
        ["version"] = "4",
        ["groupKey"] = "{}:{alertname=\"HighCPU\"}",
        ["truncatedAlerts"] = 0,
        ["status"] = "firing",
        ["receiver"] = "coc",
        ["groupLabels"] = new JsonObject { ["alertname"] = "HighCPU" },
        ["commonLabels"] = new JsonObject(),
        ["commonAnnotations"] = new JsonObject(),
        ["externalURL"] = "http://alertmanager.example:9093",
        ["alerts"] = new JsonArray([.. (alerts.Length == 0 ? [Alert()] : alerts).Select(a => (JsonNode)a)]),
    };

    private static IReadOnlyList<AlarmEvent> Parse(JsonNode body, TransferRule? rule = null) =>
        PrometheusPayload.Parse(Harness.Json(body), rule ?? TransferRule.Manual);

    private static void Invalid(JsonNode body, string mentions) => CocAssert.Invalid(() => Parse(body), mentions);

    [Fact]
    public void A_valid_payload_becomes_one_event_per_alert_in_order()
    {
        var events = Parse(Payload(Alert("aa01"), Alert("bb02", "resolved")));

        Assert.Equal(["aa01", "bb02"], events.Select(e => e.SourceKey));
        Assert.True(events[0].Firing);
        Assert.False(events[1].Firing);
        Assert.All(events, e => Assert.Equal("{}:{alertname=\"HighCPU\"}", e.GroupKey));
        Assert.Equal("HighCPU", events[0].Name);
        Assert.Equal(Importance.Urgent, events[0].Importance);
        Assert.Equal("CPU usage has been 93% for 5 minutes.", events[0].Description);
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T20:55:03.123Z").ToUnixTimeMilliseconds(), events[0].OccurredAt);
        Assert.Null(events[0].EndedAt); // Go's zero time: unset
        Assert.Equal("cn-north-4", events[0].Region);
        Assert.Equal("app-123", events[0].Application);
        Assert.Null(events[0].TruncatedAlerts);
    }

    [Theory]
    [InlineData("warning", Importance.Warn)]
    [InlineData("INFO", Importance.Warn)]
    [InlineData("Major", Importance.Major)]
    [InlineData("page", Importance.Minor)] // unknown: the rule's default
    public void Severity_maps_to_importance_case_insensitively(string severity, string importance) =>
        Assert.Equal(importance, Parse(Payload(Alert(severity: severity)))[0].Importance);

    [Theory]
    [InlineData("2026-11-22T20:55:03Z", 0)]
    [InlineData("2026-11-22T22:55:03+02:00", 0)]
    [InlineData("2026-11-22T20:55:03.5Z", 500)]
    [InlineData("2026-11-22T20:55:03.999999999Z", 999)]
    public void Rfc3339_times_with_any_fraction_and_offset_are_ms(string text, int extraMs)
    {
        var alert = Alert();
        alert["startsAt"] = text;
        Assert.Equal(DateTimeOffset.Parse("2026-11-22T20:55:03Z").ToUnixTimeMilliseconds() + extraMs, Parse(Payload(alert))[0].OccurredAt);
    }

    public static TheoryData<string, Action<JsonObject>, string> BadPayloads => new()
    {
        { "version 3", p => p["version"] = "3", "version" },
        { "version a number", p => p["version"] = 4, "version" },
        { "no groupKey", p => p.Remove("groupKey"), "groupKey" },
        { "groupKey too long", p => p["groupKey"] = new string('g', 4097), "groupKey" },
        { "negative truncatedAlerts", p => p["truncatedAlerts"] = -1, "truncatedAlerts" },
        { "huge truncatedAlerts", p => p["truncatedAlerts"] = JsonNode.Parse("1e40"), "truncatedAlerts" },
        { "status unknown", p => p["status"] = "pending", "status" },
        { "receiver too long", p => p["receiver"] = new string('r', 256), "receiver" },
        { "groupLabels not an object", p => p["groupLabels"] = new JsonArray(), "groupLabels" },
        { "commonLabels with a number", p => p["commonLabels"] = new JsonObject { ["a"] = 1 }, "commonLabels" },
        { "externalURL too long", p => p["externalURL"] = new string('u', 2049), "externalURL" },
        { "no alerts", p => p["alerts"] = new JsonArray(), "alerts" },
        { "alerts not an array", p => p["alerts"] = new JsonObject(), "alerts" },
        { "too many alerts", p => p["alerts"] = new JsonArray([.. Enumerable.Range(0, 1001).Select(i => (JsonNode)Alert(i.ToString("x")))]), "alerts" },
        { "alert not an object", p => p["alerts"]!.AsArray().Add(1), "alerts[1]" },
    };

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public void A_bad_payload_is_400_naming_the_field(string why, Action<JsonObject> change, string field)
    {
        _ = why;
        var payload = Payload();
        change(payload);
        Invalid(payload, field);
    }

    public static TheoryData<string, Action<JsonObject>, string> BadAlerts => new()
    {
        { "status unknown", a => a["status"] = "active", "alerts[3].status" },
        { "no labels", a => a["labels"] = new JsonObject(), "alerts[3].labels" },
        { "labels not an object", a => a["labels"] = "x", "alerts[3].labels" },
        { "too many labels", a => a["labels"] = new JsonObject([.. Enumerable.Range(0, 65).Select(i => KeyValuePair.Create($"l{i}", (JsonNode?)"v"))]), "alerts[3].labels" },
        { "label name with a dash", a => a["labels"]!["bad-name"] = "v", "alerts[3].labels" },
        { "label name starting with a digit", a => a["labels"]!["1x"] = "v", "alerts[3].labels" },
        { "label value a number", a => a["labels"]!["severity"] = 5, "alerts[3].labels" },
        { "label value too long", a => a["labels"]!["severity"] = new string('v', 1025), "alerts[3].labels" },
        { "annotation value too long", a => a["annotations"]!["description"] = new string('d', 16385), "alerts[3].annotations" },
        { "too many annotations", a => a["annotations"] = new JsonObject([.. Enumerable.Range(0, 65).Select(i => KeyValuePair.Create($"a{i}", (JsonNode?)"v"))]), "alerts[3].annotations" },
        { "startsAt not RFC 3339", a => a["startsAt"] = "2026-11-22 20:55:03", "alerts[3].startsAt" },
        { "startsAt a number", a => a["startsAt"] = 1795380903000, "alerts[3].startsAt" },
        { "startsAt an impossible date", a => a["startsAt"] = "2026-02-30T00:00:00Z", "alerts[3].startsAt" },
        { "startsAt with a bad offset", a => a["startsAt"] = "2026-11-22T20:55:03+25:00", "alerts[3].startsAt" },
        { "startsAt with ten fraction digits", a => a["startsAt"] = "2026-11-22T20:55:03.1234567890Z", "alerts[3].startsAt" },
        { "no endsAt", a => a.Remove("endsAt"), "alerts[3].endsAt" },
        { "generatorURL too long", a => a["generatorURL"] = new string('u', 2049), "alerts[3].generatorURL" },
        { "fingerprint upper case", a => a["fingerprint"] = "4C1B", "alerts[3].fingerprint" },
        { "fingerprint not hex", a => a["fingerprint"] = "xyz", "alerts[3].fingerprint" },
        { "fingerprint empty", a => a["fingerprint"] = "", "alerts[3].fingerprint" },
        { "fingerprint too long", a => a["fingerprint"] = new string('a', 65), "alerts[3].fingerprint" },
    };

    [Theory]
    [MemberData(nameof(BadAlerts))]
    public void A_bad_alert_is_400_naming_it(string why, Action<JsonObject> change, string field)
    {
        _ = why;
        var bad = Alert("dd04");
        change(bad);
        Invalid(Payload(Alert("aa01"), Alert("bb02"), Alert("cc03"), bad), field);
    }

    [Fact]
    public void Deep_nesting_and_duplicate_keys_are_refused_before_the_shape_is_read()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        CocAssert.Invalid(() => Coc.Core.Json.JsonBody.ParseObject(System.Text.Encoding.UTF8.GetBytes(deep)), "JSON");
        CocAssert.Invalid(() => Coc.Core.Json.JsonBody.ParseObject("{\"version\":\"4\",\"version\":\"4\"}"u8.ToArray()), "JSON");
    }

    [Fact]
    public void A_rule_chooses_the_severity_label_the_map_and_fixed_region()
    {
        var rule = TransferRule.Parse(JsonDocument.Parse("""{"auto_incident_importances": [], "severity_label": "prio", "severity_map": {"P1": "urgent"}, "region": "fixed-1"}""").RootElement,
            Harness.SecureRules);
        var alert = Alert();
        alert["labels"]!["prio"] = "p1";

        var e = Parse(Payload(alert), rule)[0];

        Assert.Equal(Importance.Urgent, e.Importance);
        Assert.Equal("fixed-1", e.Region);
    }
}
