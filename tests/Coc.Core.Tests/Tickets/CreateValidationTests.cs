using System.Text.Json.Nodes;
using Coc.Core.Tickets;

namespace Coc.Core.Tests.Tickets;

/// <summary>api.md, "Create — request body" and the rules under it.</summary>
public class CreateValidationTests
{
    private const string Project = Harness.Project;
    private static readonly long Now = Harness.DefaultStart.ToUnixTimeMilliseconds();

    private static CreateRequest Parse(JsonObject body, bool emulator = false) =>
        CreateRequest.Parse(Harness.Json(body), emulator ? Harness.EmulatorRules : Harness.SecureRules, Project, Now);

    private static void Invalid(JsonObject body, string mentions, bool emulator = false) =>
        CocAssert.Invalid(() => Parse(body, emulator), mentions);

    private static JsonObject Body(Action<JsonObject> change)
    {
        var b = Harness.CreateBody();
        change(b);
        return b;
    }

    [Fact]
    public void A_valid_body_becomes_a_triggered_draft_with_its_fields()
    {
        var body = Harness.CreateBody();
        body["incident_ownership"] = "incident_ownership_alarm";
        body["start_time"] = Now - 1000;
        body["enterprise_project"] = new JsonArray("ep-1");
        body["current_cloud_service"] = new JsonArray("app-123");
        var r = Parse(body);
        var d = r.Draft;
        Assert.False(r.NeedsWarRoom);
        Assert.Equal(TicketStatus.Triggered, d.Status);
        Assert.Equal(Project, d.Project);
        Assert.Equal("level_30", d.Level);
        Assert.Equal(Harness.Type, d.Type);
        Assert.Equal("Database latency", d.Title);
        Assert.Equal("incident_source_manual", d.Source);
        Assert.Equal("p99 above 2s", d.Description);
        Assert.False(d.IsServiceInterrupt);
        Assert.Equal([Harness.Assignee], d.Assignee);
        Assert.Equal(Harness.Creator, d.Creator);
        Assert.Equal("incident_ownership_alarm", d.Ownership);
        Assert.Equal(Now - 1000, d.StartTime);
        Assert.Equal(["ep-1"], d.EnterpriseProject);
        Assert.Equal(["app-123"], d.CurrentCloudService);
        Assert.Equal(Now, d.CreateTime);
        Assert.Null(d.HandleTime);
    }

    // ---- required fields ----

    [Theory]
    [InlineData("incident_level")]
    [InlineData("is_service_interrupt")]
    [InlineData("incident_type")]
    [InlineData("incident_title")]
    [InlineData("incident_source")]
    [InlineData("creator")]
    public void Each_required_field_missing_empty_or_null_is_400_naming_it(string field)
    {
        Invalid(Body(b => b.Remove(field)), field);
        Invalid(Body(b => b[field] = ""), field);
        Invalid(Body(b => b[field] = null), field);
        CocAssert.Invalid(() => Parse(Body(b => b.Remove(field))), $"{field} is required");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("[]")]
    [InlineData("[\"\"]")]
    [InlineData("null")]
    public void An_absent_or_empty_assignee_without_scene_and_role_is_400(string? json)
    {
        var body = Body(b =>
        {
            b.Remove("incident_assignee");
            if (json is not null) b["incident_assignee"] = JsonNode.Parse(json);
        });
        Invalid(body, "incident_assignee");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[\"\"]")]
    public void An_empty_assignee_counts_as_absent_so_scene_and_role_decide(string json)
    {
        var r = Parse(Body(b =>
        {
            b["incident_assignee"] = JsonNode.Parse(json);
            b["assignee_scene"] = "scene-default";
            b["assignee_role"] = "role-oncall";
        }));
        Assert.Equal(["ops-alice"], r.Draft.Assignee);
        Assert.Equal("scene-default", r.Draft.AssigneeScene);
        Assert.Equal("role-oncall", r.Draft.AssigneeRole);
    }

    [Theory]
    [InlineData("scene-default", null)]
    [InlineData(null, "role-oncall")]
    [InlineData("scene-default", "")]
    [InlineData("", "role-oncall")]
    public void Scene_without_role_or_role_without_scene_is_400(string? scene, string? role)
    {
        Invalid(Body(b =>
        {
            b.Remove("incident_assignee");
            if (scene is not null) b["assignee_scene"] = scene;
            if (role is not null) b["assignee_role"] = role;
        }), "incident_assignee");
    }

    [Fact]
    public void Scene_and_role_resolve_to_the_on_duty_person()
    {
        var r = Parse(Body(b =>
        {
            b.Remove("incident_assignee");
            b["assignee_scene"] = "scene-default";
            b["assignee_role"] = "role-backup";
        }));
        Assert.Equal(["ops-bob"], r.Draft.Assignee);
    }

    [Fact]
    public void Scene_and_role_with_nobody_on_duty_is_400()
    {
        Invalid(Body(b =>
        {
            b.Remove("incident_assignee");
            b["assignee_scene"] = "scene-default";
            b["assignee_role"] = "role-nobody";
        }), "assignee_scene");
    }

    [Fact]
    public void An_assignee_wins_over_scene_and_role()
    {
        var r = Parse(Body(b =>
        {
            b["incident_assignee"] = new JsonArray("ops-carol");
            b["assignee_scene"] = "scene-default";
            b["assignee_role"] = "role-oncall";
        }));
        Assert.Equal(["ops-carol"], r.Draft.Assignee);
    }

    // ---- types ----

    [Theory]
    [InlineData("incident_level", "10")]
    [InlineData("incident_type", "true")]
    [InlineData("incident_title", "5")]
    [InlineData("incident_source", "[\"incident_source_manual\"]")]
    [InlineData("incident_description", "{}")]
    [InlineData("creator", "1")]
    [InlineData("region", "\"cn-north-4\"")]
    [InlineData("region", "[4]")]
    [InlineData("enterprise_project", "\"ep\"")]
    [InlineData("current_cloud_service", "{}")]
    [InlineData("incident_assignee", "\"ops-alice\"")]
    [InlineData("assignee_scene", "1")]
    [InlineData("start_time", "1.5")]
    [InlineData("start_time", "\"abc\"")]
    [InlineData("start_time", "-1")]
    [InlineData("is_service_interrupt", "1")]
    [InlineData("is_service_interrupt", "[]")]
    public void Mistyped_fields_are_400_naming_the_field(string field, string json)
    {
        Invalid(Body(b => b[field] = JsonNode.Parse(json)), field);
    }

    [Theory]
    [InlineData("\"true\"", true)]
    [InlineData("\"false\"", false)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Is_service_interrupt_takes_the_strings_true_and_false_or_a_boolean(string json, bool expected)
    {
        Assert.Equal(expected, Parse(Body(b => b["is_service_interrupt"] = JsonNode.Parse(json))).Draft.IsServiceInterrupt);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("no")]
    public void Is_service_interrupt_refuses_other_strings(string value)
    {
        Invalid(Body(b => b["is_service_interrupt"] = value), "is_service_interrupt");
    }

    // ---- lengths ----

    [Fact]
    public void Title_is_1_to_200_utf16_code_units()
    {
        Assert.Equal(200, Parse(Body(b => b["incident_title"] = new string('t', 200))).Draft.Title.Length);
        Invalid(Body(b => b["incident_title"] = new string('t', 201)), "incident_title");
        // 100 emoji are 200 code units (fine); 200 emoji are 400 code units (too long)
        Parse(Body(b => b["incident_title"] = string.Concat(Enumerable.Repeat("😀", 100))));
        Invalid(Body(b => b["incident_title"] = string.Concat(Enumerable.Repeat("😀", 200))), "incident_title");
        Invalid(Body(b => b["incident_title"] = string.Concat(Enumerable.Repeat("😀", 101))), "incident_title");
        // 200 CJK characters are 200 code units
        Parse(Body(b => b["incident_title"] = new string('故', 200)));
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("    ")]
    [InlineData("\t\n")]
    public void A_whitespace_only_title_is_400(string title)
    {
        Invalid(Body(b => b["incident_title"] = title), "incident_title");
    }

    [Fact]
    public void Description_is_at_most_600()
    {
        Parse(Body(b => b["incident_description"] = new string('d', 600)));
        Invalid(Body(b => b["incident_description"] = new string('d', 601)), "incident_description");
        Invalid(Body(b => b["incident_description"] = string.Concat(Enumerable.Repeat("😀", 301))), "incident_description");
    }

    [Theory]
    [InlineData("creator")]
    [InlineData("assignee_scene")]
    [InlineData("assignee_role")]
    public void Other_strings_are_at_most_255(string field)
    {
        Invalid(Body(b => b[field] = new string('s', 256)), field);
    }

    [Theory]
    [InlineData("region")]
    [InlineData("enterprise_project")]
    [InlineData("current_cloud_service")]
    [InlineData("incident_assignee")]
    public void Arrays_have_at_most_one_item(string field)
    {
        Invalid(Body(b => b[field] = new JsonArray("ops-bob", "ops-carol")), field);
    }

    [Fact]
    public void A_region_item_is_at_most_255()
    {
        Parse(Body(b => b["region"] = new JsonArray(new string('r', 255))));
        Invalid(Body(b => b["region"] = new JsonArray(new string('r', 256))), "region");
    }

    // ---- enumerations ----

    [Theory]
    [InlineData("incident_level", "x")]
    [InlineData("incident_level", "LEVEL_10")]
    [InlineData("incident_type", "inc_type_unknown")]
    [InlineData("incident_source", "incident_source_mail")]
    [InlineData("incident_ownership", "incident_ownership_nobody")]
    public void Unknown_enum_keys_are_400_in_the_documented_form(string field, string value)
    {
        var e = CocAssert.Invalid(() => Parse(Body(b => b[field] = value)), field);
        Assert.Equal($"The field[{field}] value[{value}] invalid", e.Message);
    }

    // ---- people ----

    [Fact]
    public void An_unknown_creator_is_refused_in_secure_mode_and_echoed_in_emulator_mode()
    {
        Invalid(Body(b => b["creator"] = "somebody-else"), "creator");
        Assert.Equal("somebody-else", Parse(Body(b => b["creator"] = "somebody-else"), emulator: true).Draft.Creator);
    }

    [Fact]
    public void An_unknown_assignee_is_refused_in_secure_mode_and_taken_in_emulator_mode()
    {
        Invalid(Body(b => b["incident_assignee"] = new JsonArray("stranger")), "incident_assignee");
        Assert.Equal(["stranger"], Parse(Body(b => b["incident_assignee"] = new JsonArray("stranger")), emulator: true).Draft.Assignee);
    }

    // ---- start_time ----

    [Fact]
    public void Start_time_may_not_be_more_than_5_minutes_in_the_future()
    {
        Assert.Equal(Now + 300_000, Parse(Body(b => b["start_time"] = Now + 300_000)).Draft.StartTime);
        Invalid(Body(b => b["start_time"] = Now + 300_001), "start_time");
        Assert.Equal(0, Parse(Body(b => b["start_time"] = 0)).Draft.StartTime);
    }

    // ---- WarRoom ----

    [Theory]
    [InlineData("level_10", "P1")]
    [InlineData("level_20", "P2")]
    public void A_WarRoom_level_without_region_is_400_saying_why(string level, string levelName)
    {
        var e = CocAssert.Invalid(() => Parse(Harness.CreateBody(level)), "region");
        // The key as the spec words it, then the level's name, so a person reads "P2", not only "level_20".
        Assert.Contains($"region is required: a WarRoom auto-starts for {level} ({levelName})", e.Message, StringComparison.Ordinal);
        // [""] is no region
        CocAssert.Invalid(() => Parse(Body(b => { b["incident_level"] = level; b["region"] = new JsonArray(""); })),
            $"region is required: a WarRoom auto-starts for {level}");
    }

    [Fact]
    public void Level_10_with_a_region_needs_a_WarRoom()
    {
        Assert.True(Parse(Harness.CreateBody("level_10", "cn-north-4")).NeedsWarRoom);
        Assert.True(Parse(Harness.CreateBody("level_20", "cn-north-4")).NeedsWarRoom);
    }

    [Theory]
    [InlineData("level_30")]
    [InlineData("level_40")]
    [InlineData("level_50")]
    public void Other_levels_need_no_region_and_no_WarRoom(string level)
    {
        Assert.False(Parse(Harness.CreateBody(level)).NeedsWarRoom);
        Assert.False(Parse(Harness.CreateBody(level, "cn-north-4")).NeedsWarRoom);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        Parse(Body(b => { b["extra"] = 1; b["enum_data_list"] = new JsonArray(); }));
    }
}
