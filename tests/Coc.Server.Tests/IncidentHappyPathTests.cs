using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Coc.Server.Tests;

/// <summary>Create, details and handle as api.md and workflow.md describe them, with the exact wire types.</summary>
public sealed class IncidentHappyPathTests(SecureServer server) : IClassFixture<SecureServer>
{
    private readonly CocApi _api = server.Api();

    /// <summary>Every documented field of api.md "Details", in the seed-002 set and the [doc][sdk] additions.</summary>
    public static readonly string[] DocumentedDetailFields =
    [
        "incident_num", "region", "enterprise_project", "current_cloud_service", "incident_level", "is_service_interrupt",
        "incident_type", "incident_title", "incident_description", "incident_source", "incident_assignee", "assignee_scene",
        "assignee_role", "warroom_id", "handle_time", "status", "create_time", "creator", "enum_data_list",
        "start_time", "fault_recovery_time", "fault_delineation_time", "incident_ownership",
    ];

    public static readonly string[] ExtraDetailFields =
    [
        "accept_time", "complete_time", "paused_ms", "paused_until", "pending_request", "mtta_ms", "mttr_ms", "attachments",
    ];

    [Fact]
    public async Task The_server_stores_tickets_in_the_engine_under_test()
    {
        var number = await _api.CreateAsync();
        if (server.PostgresDatabase is { } db)
        {
            await using var c = new Npgsql.NpgsqlConnection(db);
            await c.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand("SELECT COUNT(*) FROM tickets WHERE number = @n", c);
            cmd.Parameters.AddWithValue("n", number);
            Assert.Equal(1L, await cmd.ExecuteScalarAsync());
        }
        else
        {
            await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={server.DataPath};Mode=ReadOnly");
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*) FROM tickets WHERE number = $n";
            cmd.Parameters.AddWithValue("$n", number);
            Assert.Equal(1L, await cmd.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Create_answers_the_envelope_with_a_ticket_number()
    {
        var response = await _api.TryCreateAsync();

        Wire.AssertOk(response);
        Assert.Equal(["incident_num"], response.Data.EnumerateObject().Select(p => p.Name));
        Assert.Matches(new Regex(@"^IM\d{24}$"), response.Data.Str("incident_num"));
    }

    [Fact]
    public async Task Ticket_number_timestamp_is_the_creation_time_at_utc_plus_8()
    {
        var number = await _api.CreateAsync();
        var ticket = await _api.TicketAsync(number);

        var created = DateTimeOffset.FromUnixTimeMilliseconds(Wire.AssertInteger(ticket, "create_time")).ToOffset(TimeSpan.FromHours(8));
        Assert.Equal(created.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture), number[2..16]);
    }

    [Fact]
    public async Task Details_of_a_minimal_ticket_carry_every_documented_field_with_nulls_and_empty_arrays()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var number = await _api.CreateAsync();
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var response = await _api.DetailsAsync(number);
        Wire.AssertOk(response);
        var t = response.Data;

        foreach (var field in DocumentedDetailFields.Concat(ExtraDetailFields))
            Assert.True(t.TryGetProperty(field, out _), $"details lack '{field}': {t}");
        Wire.AssertString(t, "incident_num", number);
        Assert.Empty(Wire.AssertStringArray(t, "region"));
        Assert.Empty(Wire.AssertStringArray(t, "enterprise_project"));
        Assert.Empty(Wire.AssertStringArray(t, "current_cloud_service"));
        Wire.AssertString(t, "incident_level", "level_40");
        Assert.False(Wire.AssertBoolean(t, "is_service_interrupt"));
        Wire.AssertString(t, "incident_type", "inc_type_p_function_issues");
        Wire.AssertString(t, "incident_title", "disk full on db-1");
        Wire.AssertNull(t, "incident_description");
        Wire.AssertString(t, "incident_source", "incident_source_manual");
        Assert.Equal([People.Alice], Wire.AssertStringArray(t, "incident_assignee"));
        Wire.AssertNull(t, "assignee_scene");
        Wire.AssertNull(t, "assignee_role");
        Wire.AssertNull(t, "warroom_id");
        Wire.AssertNull(t, "handle_time");
        Wire.AssertString(t, "status", Statuses.Triggered);
        Assert.InRange(Wire.AssertInteger(t, "create_time"), before, after);
        Wire.AssertString(t, "creator", People.Carol);
        Wire.AssertKind(t, "enum_data_list", JsonValueKind.Array);
        Wire.AssertNull(t, "start_time");
        Wire.AssertNull(t, "fault_recovery_time");
        Wire.AssertNull(t, "fault_delineation_time");
        Wire.AssertNull(t, "incident_ownership");
        Wire.AssertNull(t, "accept_time");
        Wire.AssertNull(t, "complete_time");
        Assert.Equal(0, Wire.AssertInteger(t, "paused_ms"));
        Wire.AssertNull(t, "paused_until");
        Wire.AssertNull(t, "pending_request");
        Wire.AssertNull(t, "mtta_ms");
        Wire.AssertNull(t, "mttr_ms");
        Wire.AssertKind(t, "attachments", JsonValueKind.Array);
        Assert.Equal(0, t.GetProperty("attachments").GetArrayLength());
    }

    [Fact]
    public async Task Details_echo_every_given_field_and_name_the_keys_in_seed_002_order()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds();
        var body = Bodies.Create("checkout fails");
        body["region"] = new JsonArray("cn-north-4");
        body["enterprise_project"] = new JsonArray("0");
        body["current_cloud_service"] = new JsonArray("app-123");
        body["is_service_interrupt"] = true;
        body["incident_description"] = "HTTP 500 on /checkout";
        body["incident_source"] = "incident_source_alarm";
        body["incident_ownership"] = "incident_ownership_customer";
        body["start_time"] = start;
        body["some_future_field"] = new JsonObject { ["ignored"] = true };
        var number = await _api.CreateAsync(body);

        var t = await _api.TicketAsync(number);

        Assert.Equal(["cn-north-4"], Wire.AssertStringArray(t, "region"));
        Assert.Equal(["0"], Wire.AssertStringArray(t, "enterprise_project"));
        Assert.Equal(["app-123"], Wire.AssertStringArray(t, "current_cloud_service"));
        Assert.True(Wire.AssertBoolean(t, "is_service_interrupt"));
        Wire.AssertString(t, "incident_description", "HTTP 500 on /checkout");
        Wire.AssertString(t, "incident_source", "incident_source_alarm");
        Wire.AssertString(t, "incident_ownership", "incident_ownership_customer");
        Assert.Equal(start, Wire.AssertInteger(t, "start_time"));
        Assert.False(t.TryGetProperty("some_future_field", out _));

        var entries = t.GetProperty("enum_data_list").EnumerateArray().ToList();
        Assert.All(entries, e => Assert.Equal(["enum_key", "filed_key", "name_en", "name_zh"], e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        Assert.Equal(
            [
                ("current_cloud_service_id", "app-123", "示例应用", "Sample application"),
                ("creator", People.Carol, "卡罗尔", "Carol"),
                ("level_id", "level_40", "P4", "P4"),
                ("work_flow_status", Statuses.Triggered, "未受理", "TRIGGERED"),
                ("mtm_type", "inc_type_p_function_issues", "功能问题", "function issues"),
                ("source_id", "incident_source_alarm", "告警", "alarm"),
                ("assignee", People.Alice, "爱丽丝", "Alice"),
            ],
            entries.Select(e => (e.Str("filed_key"), e.Str("enum_key"), e.Str("name_zh"), e.Str("name_en"))));
    }

    [Fact]
    public async Task Enum_data_list_has_no_entry_for_an_absent_application()
    {
        var number = await _api.CreateAsync();

        var t = await _api.TicketAsync(number);

        Assert.Equal(
            ["creator", "level_id", "work_flow_status", "mtm_type", "source_id", "assignee"],
            t.GetProperty("enum_data_list").EnumerateArray().Select(e => e.Str("filed_key")));
    }

    [Fact]
    public async Task Schedule_scene_and_role_resolve_to_the_person_on_duty()
    {
        var body = Bodies.Create();
        body.Remove("incident_assignee");
        body["assignee_scene"] = "scene-default";
        body["assignee_role"] = "role-oncall";

        var t = await _api.TicketAsync(await _api.CreateAsync(body));

        Assert.Equal([People.Alice], Wire.AssertStringArray(t, "incident_assignee"));
        Wire.AssertString(t, "assignee_scene", "scene-default");
        Wire.AssertString(t, "assignee_role", "role-oncall");
    }

    [Fact]
    public async Task A_ticket_matching_a_warroom_rule_gets_a_warroom()
    {
        var body = Bodies.Create();
        body["incident_level"] = "level_10";
        body["region"] = new JsonArray("cn-north-4");

        var t = await _api.TicketAsync(await _api.CreateAsync(body));

        Assert.Matches(new Regex(@"^WR\d{24}$"), t.Str("warroom_id"));
    }

    [Fact]
    public async Task A_title_of_200_utf16_code_units_is_accepted()
    {
        var title = string.Concat(Enumerable.Repeat("😀", 100)); // 100 surrogate pairs = 200 code units
        var t = await _api.TicketAsync(await _api.CreateAsync(Bodies.Create(title)));

        Assert.Equal(title, t.Str("incident_title"));
    }

    [Fact]
    public async Task Without_X_Project_Id_the_caller_acts_in_project_default()
    {
        var anonymous = CocApi.WithoutProjectHeader(_api.Http);
        var number = await anonymous.CreateAsync();

        Wire.AssertOk(await _api.InProject("default").DetailsAsync(number));
        Wire.AssertError(await _api.DetailsAsync(number), System.Net.HttpStatusCode.BadRequest, Wire.TicketNotFound);
    }

    [Fact]
    public async Task The_documented_lifecycle_runs_accept_solution_and_verification()
    {
        var number = await _api.CreateAsync();
        var faultStart = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var recovered = faultStart + 600_000;

        await _api.DoAsync(number, People.Alice, "acceptedIncident1");
        var accepted = await _api.TicketAsync(number);
        Wire.AssertString(accepted, "status", Statuses.Acknowledged);
        var acceptTime = Wire.AssertInteger(accepted, "accept_time");
        Assert.True(Wire.AssertInteger(accepted, "mtta_ms") >= 0);
        Wire.AssertNull(accepted, "handle_time");

        var solution = Bodies.Solution("inc_type_p_config_issues", interrupted: true);
        solution["start_time"] = faultStart;
        solution["fault_recovery_time"] = recovered;
        await _api.DoAsync(number, People.Alice, "commitSolution1", solution);
        var resolved = await _api.TicketAsync(number);
        Wire.AssertString(resolved, "status", Statuses.Resolved);
        Assert.True(Wire.AssertInteger(resolved, "handle_time") >= acceptTime);
        Wire.AssertString(resolved, "incident_type", "inc_type_p_config_issues");
        Assert.True(Wire.AssertBoolean(resolved, "is_service_interrupt"));
        Assert.Equal(faultStart, Wire.AssertInteger(resolved, "start_time"));
        Assert.Equal(recovered, Wire.AssertInteger(resolved, "fault_recovery_time"));
        Wire.AssertNull(resolved, "fault_delineation_time");
        Assert.Equal("inc_type_p_config_issues",
            resolved.GetProperty("enum_data_list").EnumerateArray().Single(e => e.Str("filed_key") == "mtm_type").Str("enum_key"));

        await _api.DoAsync(number, People.Carol, "confirm", Bodies.Confirmation(true));
        var completed = await _api.TicketAsync(number);
        Wire.AssertString(completed, "status", Statuses.Completed);
        Assert.True(Wire.AssertInteger(completed, "complete_time") >= Wire.AssertInteger(completed, "handle_time"));
        Assert.True(Wire.AssertInteger(completed, "mttr_ms") >= 0);
    }

    [Fact]
    public async Task A_failed_verification_returns_the_ticket_to_the_assignee()
    {
        var number = await _api.CreateAsync();
        await _api.DoAsync(number, People.Alice, "acceptedIncident1");
        await _api.DoAsync(number, People.Alice, "commitSolution1", Bodies.Solution());

        await _api.DoAsync(number, People.Carol, "confirm", Bodies.Confirmation(false, "still failing"));

        var t = await _api.TicketAsync(number);
        Wire.AssertString(t, "status", Statuses.Acknowledged);
        Wire.AssertNull(t, "complete_time");
    }

    [Theory]
    [InlineData("absent")]
    [InlineData("null")]
    [InlineData("{}")]
    public async Task Accept_takes_no_parameter_absent_null_or_empty(string parameter)
    {
        var number = await _api.CreateAsync();
        var body = $$"""{"incident_num":"{{number}}","operator":"{{People.Alice}}","operate_key":"acceptedIncident1"{{(parameter == "absent" ? "" : ",\"parameter\":" + parameter)}}}""";

        Wire.AssertOk(await _api.PostAsync("/v1/external/incident/handle", body));
        Assert.Equal(Statuses.Acknowledged, await _api.StatusAsync(number));
    }

    [Fact]
    public async Task Parameter_booleans_and_times_may_be_strings_as_terraform_sends_them()
    {
        var number = await _api.CreateAsync();
        await _api.DoAsync(number, People.Alice, "acceptedIncident1");
        var start = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds();

        await _api.DoAsync(number, People.Alice, "commitSolution1", new JsonObject
        {
            ["mtm_type"] = "inc_type_p_reliability_issues", ["is_service_interrupt"] = "true", ["cause"] = "c", ["solution"] = "s",
            ["start_time"] = start.ToString(CultureInfo.InvariantCulture),
        });

        var t = await _api.TicketAsync(number);
        Assert.True(Wire.AssertBoolean(t, "is_service_interrupt"));
        Assert.Equal(start, Wire.AssertInteger(t, "start_time"));
    }

    [Fact]
    public async Task Forward_hands_the_ticket_to_another_person_who_must_accept()
    {
        var number = await _api.CreateAsync();
        await _api.DoAsync(number, People.Alice, "acceptedIncident1");

        await _api.DoAsync(number, People.Alice, "forwardOther1", new JsonObject { ["virtual_send_assignee"] = People.Bob, ["virtual_send_comment"] = "yours" });

        var t = await _api.TicketAsync(number);
        Wire.AssertString(t, "status", Statuses.Triggered);
        Assert.Equal([People.Bob], Wire.AssertStringArray(t, "incident_assignee"));
        Wire.AssertError(await _api.HandleAsync(number, People.Alice, "acceptedIncident1"), System.Net.HttpStatusCode.Conflict, Wire.NotAllowed);
        await _api.DoAsync(number, People.Bob, "acceptedIncident1");
    }

    [Fact]
    public async Task Details_are_rendered_again_after_each_change_and_at_each_read_while_paused()
    {
        var number = await _api.CreateAsync();
        Assert.Equal(Statuses.Triggered, await _api.StatusAsync(number));
        Assert.Equal(Statuses.Triggered, await _api.StatusAsync(number)); // warm: served from memory
        Wire.AssertOk(await _api.HandleAsync(number, People.Alice, "acceptedIncident1"));
        Assert.Equal(Statuses.Acknowledged, await _api.StatusAsync(number));

        var until = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        Wire.AssertOk(await _api.HandleAsync(number, People.Alice, "incidentPause",
            new JsonObject { ["pause_reason"] = "waiting for the vendor", ["pause_end_time"] = until }));
        Wire.AssertOk(await _api.HandleAsync(number, People.Bob, "agreed"));

        var first = await _api.TicketAsync(number);
        Assert.Equal(until, Wire.AssertInteger(first, "paused_until"));
        await Task.Delay(60);
        var second = await _api.TicketAsync(number);
        Assert.True(Wire.AssertInteger(second, "paused_ms") >= Wire.AssertInteger(first, "paused_ms") + 50,
            $"paused_ms did not grow between reads: {Wire.AssertInteger(first, "paused_ms")} then {Wire.AssertInteger(second, "paused_ms")}");
    }
}
