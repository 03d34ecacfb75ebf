using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests.V2;

/// <summary>warrooms.md: WarRooms as records, started by a rule or through the API, closed when their incident completes.</summary>
public sealed class WarRoomTests(V2TestServer server) : IClassFixture<V2TestServer>
{
    private const string Create = "/v1/external/warrooms";
    private const string List = "/v1/external/warrooms/list";

    private static JsonObject CreateBody(string incident, string admin = People.Alice) => new()
    {
        ["war_room_name"] = "WarRoom web tier", ["description"] = "CPU saturation", ["region_code_list"] = new JsonArray("cn-north-4"),
        ["application_id_list"] = new JsonArray("app-123"), ["incident_number"] = incident,
        ["schedule_group"] = new JsonArray(new JsonObject { ["role_id"] = "role-backup", ["scene_id"] = "scene-default" }),
        ["participant"] = new JsonArray(People.Carol), ["war_room_admin"] = admin, ["region_names"] = new JsonArray("CN North-Beijing4"),
        ["enterprise_project_id"] = "0", ["notification_type"] = "NULL_GROUP", ["notification_modes"] = new JsonArray("1", "3"),
    };

    private static JsonObject ListBody(params (string Key, JsonNode? Value)[] fields)
    {
        var body = new JsonObject { ["limit"] = 100, ["offset"] = 0 };
        foreach (var (key, value) in fields) body[key] = value;
        return body;
    }

    private static List<JsonElement> Items(WireResponse r) => [.. r.Data.GetProperty("list").EnumerateArray()];

    [Fact]
    public async Task A_warroom_created_through_the_api_is_a_record_of_its_incident_with_a_history_entry()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));

        var created = await alice.PostAsync(Create, CreateBody(number));

        Wire.AssertOk(created);
        var num = created.Data.GetString()!;
        Assert.Matches(@"^WR\d{24}$", num);
        Wire.AssertString(await alice.TicketAsync(number), "warroom_id", num);
        var entry = (await alice.HistoryAsync(number)).EnumerateArray().Last();
        Wire.AssertString(entry, "action", "start_warroom");
        Wire.AssertString(entry, "comment", num);
        Wire.AssertString(entry, "operator", People.Alice);
        Wire.AssertString(entry, "action_name_en", "Start WarRoom");

        var listed = await alice.PostAsync(List, ListBody(("war_room_num", num)));
        Wire.AssertOk(listed);
        var w = Assert.Single(Items(listed));
        Assert.Matches("^[0-9]+$", w.Str("id"));
        Wire.AssertString(w, "title", "WarRoom web tier");
        Wire.AssertString(w, "admin", People.Alice);
        Assert.Equal([People.Alice], Wire.AssertStringArray(w, "recover_leader"));
        Assert.Equal([People.Carol, People.Bob], Wire.AssertStringArray(w, "recover_member")); // participant, then on duty
        Wire.AssertString(w.GetProperty("incident"), "incident_id", number);
        Wire.AssertString(w.GetProperty("incident"), "failure_level", "level_40");
        Wire.AssertString(w.GetProperty("regions")[0], "name", "CN North-Beijing4");
        Wire.AssertString(w.GetProperty("impacted_application")[0], "name", "Sample application");
        Wire.AssertString(w.GetProperty("war_room_status"), "id", "1");
        Wire.AssertString(w, "started_by", "api");
        Wire.AssertString(w, "circular_level", "level_40");
        Wire.AssertNull(w, "recover_time");
        Wire.AssertNull(w, "change_num");
        Assert.Equal(Wire.AssertInteger(await alice.TicketAsync(number), "create_time"), Wire.AssertInteger(w, "occur_time"));
        Assert.Equal(1, Wire.AssertInteger(listed.Data, "total"));
    }

    [Fact]
    public async Task A_ticket_has_one_warroom_ever_and_a_completed_one_gets_none_and_conflicts_come_before_people_checks()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        var num = (await alice.PostAsync(Create, CreateBody(number))).Data.GetString()!;

        Wire.AssertError(await alice.PostAsync(Create, CreateBody(number)), HttpStatusCode.Conflict, "GOM.00007258", num);

        var done = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        await alice.DoV2Async(done, "accepted");
        await alice.DoV2Async(done, "commitSolution", Bodies.Solution());
        await alice.DoV2Async(done, "confirm", Bodies.Confirmation(true));
        Wire.AssertError(await alice.PostAsync(Create, CreateBody(done, admin: "nobody-known")), HttpStatusCode.Conflict, "GOM.00007258", "completed");

        var fresh = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        Wire.AssertError(await alice.PostAsync(Create, CreateBody(fresh, admin: "nobody-known")), HttpStatusCode.BadRequest, "GOM.00007256", "war_room_admin");
        Wire.AssertError(await alice.PostAsync(Create, CreateBody("IM000000000000000000000000")), HttpStatusCode.BadRequest, "COC.00067003");
        Wire.AssertNull(await alice.TicketAsync(fresh), "warroom_id");
        Assert.Single((await alice.HistoryAsync(fresh)).EnumerateArray());
    }

    [Theory]
    [InlineData("application_id_list", "[]", "application_id_list")]
    [InlineData("schedule_group", "null", "schedule_group")]
    [InlineData("schedule_group", """[{"role_id": "r"}]""", "schedule_group[0].scene_id")]
    [InlineData("war_room_name", "\"\"", "war_room_name")]
    [InlineData("notification_type", "\"SMS\"", "notification_type")]
    [InlineData("notification_modes", """["9"]""", "notification_modes")]
    [InlineData("enterprise_project_id", "null", "enterprise_project_id")]
    public async Task Bad_create_fields_are_400_naming_the_field_and_change_nothing(string field, string value, string named)
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        var body = CreateBody(number);
        body[field] = JsonNode.Parse(value);

        Wire.AssertError(await alice.PostAsync(Create, body), HttpStatusCode.BadRequest, "GOM.00007256", named);
        Wire.AssertNull(await alice.TicketAsync(number), "warroom_id");
    }

    [Fact]
    public async Task A_rule_starts_a_warroom_on_escalation_and_it_closes_when_the_incident_completes()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create("db down", creator: People.Alice));
        await alice.DoV2Async(number, "accepted");
        await alice.DoV2Async(number, "changeLevel", new JsonObject { ["virtual_target_level"] = "level_10", ["virtual_change_level_comment"] = "major" });
        var num = (await alice.TicketAsync(number)).Str("warroom_id");

        var running = Assert.Single(Items(await alice.PostAsync(List, ListBody(("incident_num", number)))));
        Wire.AssertString(running, "war_room_num", num);
        Wire.AssertString(running, "started_by", "rule");
        Wire.AssertString(running, "title", "db down");
        Wire.AssertString(running, "admin", People.Alice);
        Wire.AssertString(running, "circular_level", "level_10");
        Wire.AssertNull(running, "close_time");

        await alice.DoV2Async(number, "commitSolution", Bodies.Solution());
        await alice.DoV2Async(number, "confirm", Bodies.Confirmation(true));

        var closed = await alice.PostAsync(List, ListBody(("incident_num", number), ("status", new JsonArray("1"))));
        Assert.Empty(Items(closed));
        Assert.Equal(0, Wire.AssertInteger(closed.Data, "total"));
        Assert.Equal(1, Wire.AssertInteger(closed.Data, "total_num"));
        Assert.Equal(0, Wire.AssertInteger(closed.Data, "running_num"));
        Assert.Equal(1, Wire.AssertInteger(closed.Data, "closed_num"));
        var item = Assert.Single(Items(await alice.PostAsync(List, ListBody(("incident_num", number), ("status", new JsonArray("2"))))));
        Wire.AssertString(item.GetProperty("war_room_status"), "name_en", "Closed");
        Assert.True(Wire.AssertInteger(item, "close_time") >= Wire.AssertInteger(item, "create_time"));
        Wire.AssertString(item, "fault_cause", "a full disk");
    }

    [Fact]
    public async Task The_list_defaults_to_no_items_and_filters_combine_as_documented()
    {
        var alice = server.As(V2Server.Alice);
        var one = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        var two = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        var numOne = (await alice.PostAsync(Create, CreateBody(one))).Data.GetString()!;
        await alice.PostAsync(Create, CreateBody(two, admin: People.Bob));

        var defaults = await alice.PostAsync(List, "{}");
        Assert.Empty(Items(defaults));
        Assert.Equal(2, Wire.AssertInteger(defaults.Data, "total"));
        Assert.Equal(2, Wire.AssertInteger(defaults.Data, "running_num"));

        Assert.Equal(2, Items(await alice.PostAsync(List, ListBody())).Count);
        Assert.Single(Items(await alice.PostAsync(List, ListBody(("admin", new JsonArray(People.Bob))))));
        Assert.Equal(2, Items(await alice.PostAsync(List, ListBody(("current_users", new JsonArray(People.Carol))))).Count);
        Assert.Single(Items(await alice.PostAsync(List, ListBody(("offset", 1)))));
        var byNums = await alice.PostAsync(List, ListBody(("war_room_nums", new JsonArray(numOne)), ("admin", new JsonArray("someone-else"))));
        Assert.Equal(numOne, Assert.Single(Items(byNums)).Str("war_room_num")); // war_room_nums: every other filter ignored
        Assert.Equal(2, Items(await alice.PostAsync(List, ListBody(("recover_start_time", 1), ("recover_end_time", long.MaxValue)))).Count);
        Assert.Empty(Items(await alice.PostAsync(List, ListBody(("triggered_start_time", 10), ("triggered_end_time", 5)))));
        Assert.Empty(Items(await alice.PostAsync(List, ListBody(("title", "no such title")))));
        Assert.Equal(2, Items(await alice.PostAsync(List, ListBody(("title", "WARROOM WEB")))).Count);
        var counts = await alice.PostAsync(List, ListBody(("statistic_flag", true)));
        Assert.Empty(Items(counts));
        Assert.Equal(2, Wire.AssertInteger(counts.Data, "total_num"));

        Wire.AssertError(await alice.PostAsync(List, ListBody(("limit", 1001))), HttpStatusCode.BadRequest, "GOM.00007256", "limit");
        Wire.AssertError(await alice.PostAsync(List, ListBody(("offset", -1))), HttpStatusCode.BadRequest, "GOM.00007256", "offset");
        Wire.AssertError(await alice.PostAsync(List, ListBody(("status", new JsonArray("12345678901")))), HttpStatusCode.BadRequest, "GOM.00007256", "status");
    }

    [Fact]
    public async Task Warrooms_need_their_permissions()
    {
        var readOnly = server.As(TestKey.ReadOnly);
        Wire.AssertError(await readOnly.PostAsync(List, "{}"), HttpStatusCode.Forbidden, "GOM.00007262", "coc:warroom:list");
        Wire.AssertError(await readOnly.PostAsync(Create, "{}"), HttpStatusCode.Forbidden, "GOM.00007262", "coc:warroom:create");
    }
}
