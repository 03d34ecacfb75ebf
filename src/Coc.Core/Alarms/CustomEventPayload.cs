using System.Globalization;
using System.Text.Json;
using Coc.Core.Errors;
using static Coc.Core.Alarms.PayloadFields;

namespace Coc.Core.Alarms;

/// <summary>The custom event body (alarms.md, Ingestion — custom events), camelCase as its senders write it.</summary>
public static class CustomEventPayload
{
    public const int MaxAdditionalBytes = 16 * 1024;

    public static AlarmEvent Parse(JsonElement body, TransferRule rule)
    {
        if (body.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid("request body must be a JSON object");
        var alarmId = String(body, "alarmId", "alarmId", 1, 255);
        var name = String(body, "alarmName", "alarmName", 1, 255);
        var level = String(body, "alarmLevel", "alarmLevel", 1, 16);
        var importance = Importance.OfCustomLevel(level) ?? throw CocErrors.Invalid("alarmLevel must be Critical, Major, Minor or Info");
        var time = Time(body);
        var ns = String(body, "nameSpace", "nameSpace", 1, 255);
        var application = String(body, "applicationId", "applicationId", 1, 255);
        var description = String(body, "alarmDesc", "alarmDesc", 1, 255);
        var source = String(body, "alarmSource", "alarmSource", 1, 255);
        var region = OptionalString(body, "regionId", "regionId", 255);
        var resourceName = OptionalString(body, "resourceName", "resourceName", 255);
        var resourceId = OptionalString(body, "resourceId", "resourceId", 255);
        var url = OptionalString(body, "URL", "URL", 255);
        var firing = (OptionalString(body, "alarmStatus", "alarmStatus", 16) ?? "alarm") switch
        {
            "alarm" => true,
            "ok" => false,
            _ => throw CocErrors.Invalid("alarmStatus must be alarm or ok"),
        };
        string? additional = null;
        if (body.TryGetProperty("additional", out var extra) && extra.ValueKind != JsonValueKind.Null)
        {
            additional = extra.GetRawText();
            if (System.Text.Encoding.UTF8.GetByteCount(additional) > MaxAdditionalBytes)
                throw CocErrors.Invalid($"additional must be at most {MaxAdditionalBytes} bytes of JSON");
        }
        return new AlarmEvent(alarmId, alarmId, firing, name, description, importance, source, time, firing ? null : time)
        {
            Application = application,
            Region = rule.Region ?? region,
            Namespace = ns,
            ResourceId = Empty(resourceId),
            ResourceName = Empty(resourceName),
            Url = Empty(url),
            AdditionalJson = additional,
        };
    }

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>ms, 1 … 2⁶³−1, as a JSON integer or a digit string.</summary>
    private static long Time(JsonElement body)
    {
        var v = Required(body, "time", "time");
        long value;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out value)) { }
        else if (v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 and <= 19 } s && s.All(char.IsAsciiDigit)
                 && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value)) { }
        else throw CocErrors.Invalid("time must be an integer time in milliseconds, from 1 to 9223372036854775807");
        if (value < 1) throw CocErrors.Invalid("time must be at least 1");
        return value;
    }
}
