using System.Text.Json.Nodes;
using Coc.Core.Alarms;
using Coc.Core.Tests.Tickets;

namespace Coc.Core.Tests.Alarms;

/// <summary>alarms.md, Ingestion — custom events.</summary>
public class CustomEventPayloadTests
{
    public static JsonObject Event(string alarmId = "zbx-cpu-ecs-db-01") => new()
    {
        ["alarmId"] = alarmId,
        ["alarmName"] = "CPU usage above 90%",
        ["alarmLevel"] = "Major",
        ["time"] = 1795380903000,
        ["nameSpace"] = "SYS.ECS",
        ["regionId"] = "cn-north-4",
        ["applicationId"] = "app-123",
        ["alarmDesc"] = "CPU usage of ecs-db-01 is 93%",
        ["alarmSource"] = "zabbix",
        ["additional"] = new JsonObject { ["threshold"] = 90 },
    };

    private static AlarmEvent Parse(JsonNode body) => CustomEventPayload.Parse(Harness.Json(body), TransferRule.Manual);

    [Fact]
    public void A_valid_event_keeps_its_fields()
    {
        var e = Parse(Event());

        Assert.Equal("zbx-cpu-ecs-db-01", e.SourceKey);
        Assert.Equal(e.SourceKey, e.GroupKey);
        Assert.True(e.Firing);
        Assert.Equal(Importance.Major, e.Importance);
        Assert.Equal("zabbix", e.ComeFrom);
        Assert.Equal(1795380903000, e.OccurredAt);
        Assert.Equal("app-123", e.Application);
        Assert.Equal("cn-north-4", e.Region);
        Assert.Equal("""{"threshold":90}""", e.AdditionalJson);
    }

    [Theory]
    [InlineData("critical", Importance.Urgent)]
    [InlineData("MINOR", Importance.Minor)]
    [InlineData("Info", Importance.Warn)]
    public void Levels_map_case_insensitively(string level, string importance)
    {
        var body = Event();
        body["alarmLevel"] = level;
        Assert.Equal(importance, Parse(body).Importance);
    }

    [Fact]
    public void Ok_resolves_at_its_time_and_a_digit_string_time_is_taken()
    {
        var body = Event();
        body["alarmStatus"] = "ok";
        body["time"] = "1795380904000";

        var e = Parse(body);

        Assert.False(e.Firing);
        Assert.Equal(1795380904000, e.EndedAt);
    }

    public static TheoryData<string, Action<JsonObject>, string> BadEvents => new()
    {
        { "no alarmId", b => b.Remove("alarmId"), "alarmId" },
        { "alarmId too long", b => b["alarmId"] = new string('a', 256), "alarmId" },
        { "alarmName a number", b => b["alarmName"] = 3, "alarmName" },
        { "unknown level", b => b["alarmLevel"] = "Severe", "alarmLevel" },
        { "no time", b => b.Remove("time"), "time" },
        { "time zero", b => b["time"] = 0, "time" },
        { "time negative", b => b["time"] = -5, "time" },
        { "time beyond 64 bits", b => b["time"] = JsonNode.Parse("9223372036854775808"), "time" },
        { "time a fraction", b => b["time"] = 1.5, "time" },
        { "time huge exponent", b => b["time"] = JsonNode.Parse("1e300"), "time" },
        { "time not digits", b => b["time"] = "yesterday", "time" },
        { "nameSpace in lower case only", b => { b.Remove("nameSpace"); b["namespace"] = "x"; }, "nameSpace" },
        { "no applicationId", b => b.Remove("applicationId"), "applicationId" },
        { "no alarmDesc", b => b.Remove("alarmDesc"), "alarmDesc" },
        { "no alarmSource", b => b.Remove("alarmSource"), "alarmSource" },
        { "regionId too long", b => b["regionId"] = new string('r', 256), "regionId" },
        { "URL too long", b => b["URL"] = new string('u', 256), "URL" },
        { "alarmStatus unknown", b => b["alarmStatus"] = "cleared", "alarmStatus" },
        { "additional too big", b => b["additional"] = new string('x', 17 * 1024), "additional" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public void A_bad_event_is_400_naming_the_field(string why, Action<JsonObject> change, string field)
    {
        _ = why;
        var body = Event();
        change(body);
        CocAssert.Invalid(() => Parse(body), field);
    }
}
