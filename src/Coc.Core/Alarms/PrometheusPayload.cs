using System.Text.Json;
using System.Text.RegularExpressions;
using Coc.Core.Errors;
using static Coc.Core.Alarms.PayloadFields;

namespace Coc.Core.Alarms;

/// <summary>
/// Alertmanager's webhook payload, version 4 (alarms.md, Ingestion — Prometheus), read strictly: any invalid field is
/// 400 naming it (<c>alerts[3].labels</c>), and nothing of the payload is applied. Unknown keys are ignored.
/// </summary>
public static partial class PrometheusPayload
{
    public const int MaxAlerts = 1000;
    public const int MaxLabels = 64;
    public const int MaxAnnotations = 64;

    public static IReadOnlyList<AlarmEvent> Parse(JsonElement body, TransferRule rule)
    {
        if (body.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid("request body must be a JSON object");
        if (String(body, "version", "version", 1, 16) != "4") throw CocErrors.Invalid("version must be \"4\" (Alertmanager's webhook format)");
        var groupKey = String(body, "groupKey", "groupKey", 1, 4096);
        long? truncated = null;
        if (body.TryGetProperty("truncatedAlerts", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt64(out var n) || n < 0)
                throw CocErrors.Invalid("truncatedAlerts must be an integer of at least 0");
            truncated = n > 0 ? n : null;
        }
        Status(body, "status");
        String(body, "receiver", "receiver", 0, 255);
        foreach (var map in new[] { "groupLabels", "commonLabels", "commonAnnotations" })
            StringMap(body, map, map, 0, int.MaxValue, _ => true, "1 to 128 characters", 128, 16384);
        String(body, "externalURL", "externalURL", 0, 2048);

        var alerts = Required(body, "alerts", "alerts");
        if (alerts.ValueKind != JsonValueKind.Array) throw CocErrors.Invalid("alerts must be an array");
        var count = alerts.GetArrayLength();
        if (count is 0 or > MaxAlerts) throw CocErrors.Invalid($"alerts must hold 1 to {MaxAlerts} alerts (Alertmanager: max_alerts: {MaxAlerts})");
        var events = new List<AlarmEvent>(count);
        var i = 0;
        foreach (var alert in alerts.EnumerateArray())
            events.Add(Alert(alert, $"alerts[{i++}]", groupKey, truncated, rule));
        return events;
    }

    private static AlarmEvent Alert(JsonElement a, string at, string groupKey, long? truncated, TransferRule rule)
    {
        if (a.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid($"{at} must be an object");
        var firing = Status(a, at + ".status");
        var labels = StringMap(a, "labels", at + ".labels", 1, MaxLabels, IsLabelName,
            "1 to 128 characters of [A-Za-z0-9_], not starting with a digit", 128, 1024);
        var annotations = StringMap(a, "annotations", at + ".annotations", 0, MaxAnnotations, _ => true, "1 to 128 characters", 128, 16384);
        var startsAt = Rfc3339Ms(a, "startsAt", at + ".startsAt");
        var endsAt = Rfc3339Ms(a, "endsAt", at + ".endsAt");
        var url = String(a, "generatorURL", at + ".generatorURL", 0, 2048);
        var fingerprint = String(a, "fingerprint", at + ".fingerprint", 1, 64);
        if (!Fingerprint().IsMatch(fingerprint)) throw CocErrors.Invalid($"{at}.fingerprint must be lower-case hex digits [0-9a-f]");
        return new AlarmEvent(
            fingerprint, groupKey, firing,
            labels.TryGetValue("alertname", out var name) && name.Length > 0 ? name : fingerprint,
            annotations.GetValueOrDefault("description"),
            rule.ImportanceOf(labels), "Prometheus",
            startsAt ?? 0, endsAt)
        {
            Labels = labels,
            Annotations = annotations,
            Application = rule.ApplicationId ?? labels.GetValueOrDefault(rule.ApplicationLabel),
            Region = rule.Region ?? labels.GetValueOrDefault(rule.RegionLabel),
            Url = url.Length > 0 ? url : null,
            TruncatedAlerts = truncated,
        };
    }

    private static bool Status(JsonElement obj, string path) =>
        String(obj, "status", path, 1, 16) switch
        {
            "firing" => true,
            "resolved" => false,
            _ => throw CocErrors.Invalid($"{path} must be firing or resolved"),
        };

    [GeneratedRegex("^[0-9a-f]+$")]
    private static partial Regex Fingerprint();
}
