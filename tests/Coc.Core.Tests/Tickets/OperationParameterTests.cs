using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coc.Core.Json;
using Coc.Core.Tickets;

namespace Coc.Core.Tests.Tickets;

/// <summary>The parameter column of workflow.md's Operations table and the parameter rules below it.</summary>
public class OperationParameterTests
{
    private const string A = Harness.Assignee;
    private const string Bob = Harness.Bob;
    private const string Carol = Harness.Carol;

    /// <summary>Runs <paramref name="key"/> with <paramref name="parameter"/> and expects a 400 naming the field;
    /// the ticket must be left exactly as it was.</summary>
    private static async Task ExpectInvalid(Harness h, string number, string op, string key, JsonObject? parameter, string mentions)
    {
        var before = await h.GetAsync(number);
        await CocAssert.InvalidAsync(() => h.HandleAsync(number, op, key, parameter), mentions);
        var after = await h.GetAsync(number);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Status, after.Status);
    }

    private static JsonObject Without(JsonObject o, string field)
    {
        var copy = (JsonObject)o.DeepClone();
        copy.Remove(field);
        return copy;
    }

    private static JsonObject With(JsonObject o, string field, JsonNode? value)
    {
        var copy = (JsonObject)o.DeepClone();
        copy[field] = value;
        return copy;
    }

    private static JsonObject Pause(long end, string reason = "vendor") => new() { ["pause_reason"] = reason, ["pause_end_time"] = end };

    private static JsonObject Confirm(bool result = true, string comment = "ok") =>
        new() { ["virtual_confirm_result"] = result, ["virtual_confirm_comment"] = comment };

    // ---- required parameters ----

    [Theory]
    [InlineData("mtm_type")]
    [InlineData("is_service_interrupt")]
    [InlineData("cause")]
    [InlineData("solution")]
    public async Task CommitSolution_requires_its_fields(string field)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await ExpectInvalid(h, n, A, OperateKeys.CommitSolution, Without(Harness.Solution(), field), $"parameter.{field} is required");
        await ExpectInvalid(h, n, A, OperateKeys.CommitSolution, With(Harness.Solution(), field, ""), $"parameter.{field}");
        await ExpectInvalid(h, n, A, OperateKeys.CommitSolution, With(Harness.Solution(), field, null), $"parameter.{field} is required");
    }

    [Fact]
    public async Task CommitSolution_without_any_parameter_names_a_required_field()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await ExpectInvalid(h, n, A, OperateKeys.CommitSolution, null, "parameter.");
        await ExpectInvalid(h, n, A, OperateKeys.CommitSolution, new JsonObject(), "is required");
    }

    [Theory]
    [InlineData("virtual_confirm_result")]
    [InlineData("virtual_confirm_comment")]
    public async Task Confirm_requires_result_and_comment(string field)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Resolved);
        await ExpectInvalid(h, n, Carol, OperateKeys.Confirm, Without(Confirm(), field), $"parameter.{field} is required");
    }

    [Theory]
    [InlineData("pause_reason")]
    [InlineData("pause_end_time")]
    public async Task Pause_requires_reason_and_end_time(string field)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await ExpectInvalid(h, n, A, OperateKeys.Pause, Without(Pause(h.Now + 60_000), field), $"parameter.{field} is required");
    }

    [Theory]
    [InlineData("virtual_target_level")]
    [InlineData("virtual_change_level_comment")]
    public async Task ChangeLevel_requires_target_and_comment(string field)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await ExpectInvalid(h, n, A, OperateKeys.ChangeLevel, Without(Harness.LevelChange("level_10"), field), $"parameter.{field} is required");
    }

    [Fact]
    public async Task Rejecting_a_triggered_ticket_requires_virtual_confirm_comment()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Triggered);
        await ExpectInvalid(h, n, A, OperateKeys.Rejected, null, "parameter.virtual_confirm_comment is required");
        await ExpectInvalid(h, n, A, OperateKeys.Rejected, new JsonObject { ["virtual_confirm_comment"] = "" }, "parameter.virtual_confirm_comment is required");
        await ExpectInvalid(h, n, A, OperateKeys.Rejected, new JsonObject { ["note"] = "no" }, "parameter.virtual_confirm_comment is required");
    }

    [Fact]
    public async Task Forward_requires_an_assignee_or_both_scene_and_role()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await ExpectInvalid(h, n, Carol, OperateKeys.Forward, null, "parameter.virtual_send_assignee");
        await ExpectInvalid(h, n, Carol, OperateKeys.Forward, new JsonObject { ["virtual_send_assignee"] = "" }, "parameter.virtual_send_assignee");
        await ExpectInvalid(h, n, Carol, OperateKeys.Forward, new JsonObject { ["virtual_schedule_type"] = "scene-default" }, "parameter.virtual_schedule_role");
        await ExpectInvalid(h, n, Carol, OperateKeys.Forward, new JsonObject { ["virtual_schedule_role"] = "role-oncall" }, "parameter.virtual_schedule_type");
        await ExpectInvalid(h, n, Carol, OperateKeys.Forward,
            new JsonObject { ["virtual_schedule_type"] = "scene-nobody", ["virtual_schedule_role"] = "role-oncall" }, "parameter.virtual_schedule_type");
        await ExpectInvalid(h, n, Carol, OperateKeys.Forward, new JsonObject { ["virtual_send_assignee"] = "unknown-person" }, "parameter.virtual_send_assignee");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    public async Task Accept_takes_no_parameter_absent_or_empty(string? parameter)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Triggered);
        await h.HandleAsync(n, A, OperateKeys.Accept, parameter is null ? null : new JsonObject());
        var t = await h.GetAsync(n);
        Assert.Equal(TicketStatus.Acknowledged, t.Status);
        Assert.Equal(h.Now, t.AcceptTime);
    }

    // ---- wrong types ----

    public static TheoryData<string, string> CommitSolutionWrongTypes => new()
    {
        { "is_service_interrupt", "1" },
        { "is_service_interrupt", "\"yes\"" },
        { "is_service_interrupt", "[true]" },
        { "cause", "42" },
        { "cause", "{\"a\":1}" },
        { "solution", "false" },
        { "mtm_type", "7" },
        { "start_time", "1.5" },
        { "start_time", "\"12:00\"" },
        { "start_time", "true" },
        { "start_time", "-1" },
        { "fault_recovery_time", "\"-5\"" },
        { "fault_recovery_time", "\"1e3\"" },
    };

    [Theory]
    [MemberData(nameof(CommitSolutionWrongTypes))]
    public async Task CommitSolution_rejects_mistyped_fields(string field, string json)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await ExpectInvalid(h, n, A, OperateKeys.CommitSolution, With(Harness.Solution(), field, JsonNode.Parse(json)), $"parameter.{field}");
    }

    [Fact]
    public async Task An_unknown_type_key_is_invalid_in_the_documented_form()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await ExpectInvalid(h, n, A, OperateKeys.CommitSolution, With(Harness.Solution(), "mtm_type", "inc_type_x"),
            "The field[parameter.mtm_type] value[inc_type_x] invalid");
        await ExpectInvalid(h, n, A, OperateKeys.ChangeLevel, Harness.LevelChange("level_99"),
            "The field[parameter.virtual_target_level] value[level_99] invalid");
    }

    [Theory]
    [InlineData("pause_end_time", "\"soon\"")]
    [InlineData("pause_end_time", "1.25")]
    [InlineData("pause_end_time", "true")]
    [InlineData("pause_end_time", "[1]")]
    [InlineData("pause_reason", "12")]
    public async Task Pause_rejects_mistyped_fields(string field, string json)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await ExpectInvalid(h, n, A, OperateKeys.Pause, With(Pause(h.Now + 60_000), field, JsonNode.Parse(json)), $"parameter.{field}");
    }

    [Theory]
    [InlineData("virtual_confirm_result", "\"maybe\"")]
    [InlineData("virtual_confirm_result", "0")]
    [InlineData("virtual_confirm_comment", "true")]
    public async Task Confirm_rejects_mistyped_fields(string field, string json)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Resolved);
        await ExpectInvalid(h, n, Carol, OperateKeys.Confirm, With(Confirm(), field, JsonNode.Parse(json)), $"parameter.{field}");
    }

    [Theory]
    [InlineData("virtual_send_assignee", "42")]
    [InlineData("virtual_send_comment", "42")]
    [InlineData("virtual_current_location_info", "{}")]
    public async Task Forward_rejects_mistyped_fields(string field, string json)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        var p = new JsonObject { ["virtual_send_assignee"] = Bob };
        await ExpectInvalid(h, n, Carol, OperateKeys.Forward, With(p, field, JsonNode.Parse(json)), $"parameter.{field}");
    }

    [Theory]
    [InlineData(OperateKeys.Agreed, "pause_approve_conclusion", "\"perhaps\"")]
    [InlineData(OperateKeys.Agreed, "conclusion", "1")]
    [InlineData(OperateKeys.Agreed, "note", "1")]
    [InlineData(OperateKeys.Rejected, "pause_approve_conclusion", "\"nope\"")]
    [InlineData(OperateKeys.Rejected, "note", "[\"x\"]")]
    public async Task Request_decisions_reject_mistyped_fields(string key, string field, string json)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.AcknowledgedPendingPause);
        await ExpectInvalid(h, n, Carol, key, new JsonObject { [field] = JsonNode.Parse(json) }, $"parameter.{field}");
        Assert.NotNull((await h.GetAsync(n)).Pending);
    }

    // ---- lengths ----

    public static TheoryData<TicketState, string, string, string> CommentFields => new()
    {
        // situation, operate_key, field, operator
        { TicketState.Resolved, OperateKeys.Confirm, "virtual_confirm_comment", Carol },
        { TicketState.Acknowledged, OperateKeys.Pause, "pause_reason", A },
        { TicketState.Acknowledged, OperateKeys.ChangeLevel, "virtual_change_level_comment", A },
        { TicketState.Acknowledged, OperateKeys.Forward, "virtual_send_comment", Carol },
        { TicketState.Acknowledged, OperateKeys.Forward, "virtual_current_location_info", Carol },
        { TicketState.AcknowledgedPendingPause, OperateKeys.Agreed, "note", Carol },
        { TicketState.AcknowledgedPendingLevel, OperateKeys.Rejected, "note", Carol },
        { TicketState.AcknowledgedPaused, OperateKeys.Recovery, "note", Carol },
        { TicketState.Triggered, OperateKeys.Rejected, "virtual_confirm_comment", A },
    };

    [Theory]
    [MemberData(nameof(CommentFields))]
    public async Task Comments_are_at_most_300_characters(TicketState state, string key, string field, string op)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(state);
        var t = await h.GetAsync(n);
        var valid = WorkflowTableTests.ValidParameter(key, t, h.Now)!;
        await ExpectInvalid(h, n, op, key, With(valid, field, new string('x', 301)), $"parameter.{field}");
        // 300 UTF-16 code units is fine; 151 emoji are 302 code units and are not.
        await ExpectInvalid(h, n, op, key, With(valid, field, string.Concat(Enumerable.Repeat("😀", 151))), $"parameter.{field}");
        await h.HandleAsync(n, op, key, With(valid, field, new string('x', 300)));
        Assert.Equal(t.Version + 1, (await h.GetAsync(n)).Version);
    }

    [Theory]
    [InlineData("cause")]
    [InlineData("solution")]
    public async Task Cause_and_solution_are_at_most_10000_characters(string field)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await ExpectInvalid(h, n, A, OperateKeys.CommitSolution, With(Harness.Solution(), field, new string('c', 10001)), $"parameter.{field}");
        await h.HandleAsync(n, A, OperateKeys.CommitSolution, With(Harness.Solution(), field, new string('c', 10000)));
        Assert.Equal(TicketStatus.Resolved, (await h.GetAsync(n)).Status);
    }

    // ---- free text of only whitespace ----

    public static TheoryData<TicketState, string, string, string> FreeTextFields()
    {
        var data = new TheoryData<TicketState, string, string, string>
        {
            { TicketState.Acknowledged, OperateKeys.CommitSolution, "cause", A },
            { TicketState.Acknowledged, OperateKeys.CommitSolution, "solution", A },
        };
        foreach (var row in CommentFields) data.Add((TicketState)row[0], (string)row[1], (string)row[2], (string)row[3]);
        return data;
    }

    [Theory]
    [MemberData(nameof(FreeTextFields))]
    public async Task Free_text_of_only_whitespace_is_refused_naming_the_field(TicketState state, string key, string field, string op)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(state);
        var t = await h.GetAsync(n);
        var valid = WorkflowTableTests.ValidParameter(key, t, h.Now)!;
        foreach (var blank in (string[])["   ", "\t\n ", "\u3000"])
            await ExpectInvalid(h, n, op, key, With(valid, field, blank), $"parameter.{field} must not be blank");
        await h.HandleAsync(n, op, key, With(valid, field, "  real text  "));
        Assert.Equal(t.Version + 1, (await h.GetAsync(n)).Version);
    }

    // ---- lenient strings ----

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task CommitSolution_accepts_boolean_strings_and_digit_string_times(string flag, bool expected)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        var start = h.Now - 3_600_000;
        var recovered = h.Now - 60_000;
        var p = Harness.Solution();
        p["is_service_interrupt"] = flag;
        p["start_time"] = start.ToString(System.Globalization.CultureInfo.InvariantCulture);
        p["fault_recovery_time"] = recovered.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await h.HandleAsync(n, A, OperateKeys.CommitSolution, p);
        var t = await h.GetAsync(n);
        Assert.Equal(TicketStatus.Resolved, t.Status);
        Assert.Equal(expected, t.IsServiceInterrupt);
        Assert.Equal(start, t.StartTime);
        Assert.Equal(recovered, t.FaultRecoveryTime);
        Assert.Equal(h.Now, t.HandleTime);
        Assert.Equal("inc_type_p_config_issues", t.Type);
    }

    [Fact]
    public async Task Seed_000_solution_with_interrupt_and_no_times_is_accepted()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await h.HandleAsync(n, A, OperateKeys.CommitSolution, Harness.Solution());
        var t = await h.GetAsync(n);
        Assert.True(t.IsServiceInterrupt);
        Assert.Null(t.StartTime);
        Assert.Null(t.FaultRecoveryTime);
    }

    [Fact]
    public async Task Confirm_accepts_the_string_false_and_sends_the_ticket_back()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Resolved);
        await h.HandleAsync(n, Carol, OperateKeys.Confirm,
            new JsonObject { ["virtual_confirm_result"] = "false", ["virtual_confirm_comment"] = "no" });
        Assert.Equal(TicketStatus.Acknowledged, (await h.GetAsync(n)).Status);
    }

    [Fact]
    public async Task Pause_accepts_a_digit_string_end_time()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        var end = h.Now + 600_000;
        await h.HandleAsync(n, A, OperateKeys.Pause,
            new JsonObject { ["pause_reason"] = "r", ["pause_end_time"] = end.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var t = await h.GetAsync(n);
        Assert.Equal(PendingRequest.PauseType, t.Pending?.Type);
        Assert.Equal(end, t.Pending?.PauseEndTime);
        Assert.Equal(A, t.Pending?.RequestedBy);
        Assert.Equal(h.Now, t.Pending?.RequestedAt);
        Assert.Equal("r", t.Pending?.Reason);
        Assert.Equal(TicketStatus.Acknowledged, t.Status);
    }

    [Fact]
    public async Task Unknown_parameter_keys_are_ignored()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Triggered);
        await h.HandleAsync(n, A, OperateKeys.Accept, new JsonObject { ["whatever"] = 1, ["note"] = new JsonArray() });
        Assert.Equal(TicketStatus.Acknowledged, (await h.GetAsync(n)).Status);
    }

    // ---- forward ----

    [Fact]
    public async Task Forward_to_the_current_assignee_is_400()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await ExpectInvalid(h, n, Carol, OperateKeys.Forward, new JsonObject { ["virtual_send_assignee"] = A }, "parameter.");
        // scene/role resolving to the current assignee (ops-alice is on call) is the same thing
        await ExpectInvalid(h, n, Carol, OperateKeys.Forward,
            new JsonObject { ["virtual_schedule_type"] = "scene-default", ["virtual_schedule_role"] = "role-oncall" }, "parameter.");
    }

    [Fact]
    public async Task Forward_by_scene_and_role_resolves_the_on_duty_person_and_a_later_forward_clears_them()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await h.HandleAsync(n, Carol, OperateKeys.Forward,
            new JsonObject { ["virtual_schedule_type"] = "scene-default", ["virtual_schedule_role"] = "role-backup", ["virtual_send_comment"] = "yours" });
        var t = await h.GetAsync(n);
        Assert.Equal(TicketStatus.Triggered, t.Status);
        Assert.Equal([Bob], t.Assignee);
        Assert.Equal("scene-default", t.AssigneeScene);
        Assert.Equal("role-backup", t.AssigneeRole);
        Assert.Equal("yours", (await h.HistoryAsync(n))[^1].Change.Comment);

        await h.HandleAsync(n, Carol, OperateKeys.Forward, new JsonObject { ["virtual_send_assignee"] = Carol });
        t = await h.GetAsync(n);
        Assert.Equal([Carol], t.Assignee);
        Assert.Null(t.AssigneeScene);
        Assert.Null(t.AssigneeRole);
    }

    // ---- pause ----

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public async Task Pause_end_time_must_be_in_the_future(long offsetMs)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await ExpectInvalid(h, n, A, OperateKeys.Pause, Pause(h.Now + offsetMs), "parameter.pause_end_time");
        await h.HandleAsync(n, A, OperateKeys.Pause, Pause(h.Now + 1));
        Assert.NotNull((await h.GetAsync(n)).Pending);
    }

    [Fact]
    public async Task Approving_a_pause_whose_end_time_has_passed_is_409()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await h.RequestPauseAsync(n, Bob, h.Now + 60_000);
        h.Clock.Advance(TimeSpan.FromMilliseconds(60_000)); // exactly at the end time: already ended
        await CocAssert.NotAllowedAsync(() => h.HandleAsync(n, Carol, OperateKeys.Agreed));
        var t = await h.GetAsync(n);
        Assert.NotNull(t.Pending);
        Assert.False(t.IsPausedAt(h.Now));
        // the stale request can still be refused
        await h.HandleAsync(n, Carol, OperateKeys.Rejected);
        Assert.Null((await h.GetAsync(n)).Pending);
    }

    // ---- change level ----

    [Fact]
    public async Task Change_level_to_the_same_level_is_400()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await ExpectInvalid(h, n, A, OperateKeys.ChangeLevel, Harness.LevelChange("level_30"), "parameter.virtual_target_level");
    }

    [Fact]
    public async Task Escalation_applies_at_once()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged, level: "level_50");
        await h.HandleAsync(n, Bob, OperateKeys.ChangeLevel, Harness.LevelChange("level_30"));
        var t = await h.GetAsync(n);
        Assert.Equal("level_30", t.Level);
        Assert.Null(t.Pending);
        Assert.Null(t.WarroomId); // level_30 matches no WarRoom rule
        Assert.Equal(TicketStatus.Acknowledged, t.Status);
    }

    [Fact]
    public async Task De_escalation_opens_a_pending_level_request_and_approval_applies_it()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged, level: "level_30");
        await h.HandleAsync(n, Bob, OperateKeys.ChangeLevel, Harness.LevelChange("level_50"));
        var t = await h.GetAsync(n);
        Assert.Equal("level_30", t.Level);
        Assert.Equal(PendingRequest.LevelType, t.Pending?.Type);
        Assert.Equal("level_50", t.Pending?.TargetLevel);
        Assert.Equal(Bob, t.Pending?.RequestedBy);
        Assert.Equal("re-assessed", t.Pending?.Reason);

        await h.HandleAsync(n, Carol, OperateKeys.Agreed, new JsonObject { ["conclusion"] = "true" });
        t = await h.GetAsync(n);
        Assert.Equal("level_50", t.Level);
        Assert.Null(t.Pending);
    }

    [Fact]
    public async Task Refusing_a_level_request_keeps_the_level()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.AcknowledgedPendingLevel);
        await h.HandleAsync(n, Carol, OperateKeys.Rejected, new JsonObject { ["pause_approve_conclusion"] = false, ["note"] = "stay" });
        var t = await h.GetAsync(n);
        Assert.Equal("level_30", t.Level);
        Assert.Null(t.Pending);
    }

    [Theory]
    [InlineData("level_20")]
    [InlineData("level_10")]
    public async Task Escalation_into_a_WarRoom_level_starts_a_WarRoom_even_without_region(string target)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged, level: "level_40");
        Assert.Empty((await h.GetAsync(n)).Region);
        await h.HandleAsync(n, Bob, OperateKeys.ChangeLevel, Harness.LevelChange(target));
        var t = await h.GetAsync(n);
        Assert.Equal(target, t.Level);
        Assert.NotNull(t.WarroomId);
        Assert.StartsWith("WR", t.WarroomId, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^WR\d{24}$"), t.WarroomId);
    }

    [Fact]
    public async Task A_ticket_never_gets_a_second_WarRoom()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged, level: "level_40");
        await h.HandleAsync(n, Bob, OperateKeys.ChangeLevel, Harness.LevelChange("level_20"));
        var first = (await h.GetAsync(n)).WarroomId;
        await h.HandleAsync(n, Bob, OperateKeys.ChangeLevel, Harness.LevelChange("level_10"));
        var t = await h.GetAsync(n);
        Assert.Equal("level_10", t.Level);
        Assert.Equal(first, t.WarroomId);
        var history = await h.HistoryAsync(n);
        Assert.Null(((LevelChanged)history[^1].Change).WarroomId);
    }

    // ---- conclusions ----

    [Theory]
    [InlineData("pause_approve_conclusion", "false")]
    [InlineData("pause_approve_conclusion", "\"false\"")]
    [InlineData("conclusion", "false")]
    public async Task Agreed_with_a_false_conclusion_is_400(string field, string json)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.AcknowledgedPendingPause);
        await ExpectInvalid(h, n, Carol, OperateKeys.Agreed, new JsonObject { [field] = JsonNode.Parse(json) }, $"parameter.{field}");
        Assert.NotNull((await h.GetAsync(n)).Pending);
    }

    [Theory]
    [InlineData("pause_approve_conclusion", "true")]
    [InlineData("conclusion", "\"true\"")]
    public async Task Rejected_with_a_true_conclusion_is_400(string field, string json)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.AcknowledgedPendingPause);
        await ExpectInvalid(h, n, Carol, OperateKeys.Rejected, new JsonObject { [field] = JsonNode.Parse(json) }, $"parameter.{field}");
        Assert.NotNull((await h.GetAsync(n)).Pending);
    }

    [Fact]
    public async Task Matching_conclusions_are_accepted()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.AcknowledgedPendingPause);
        await h.HandleAsync(n, Carol, OperateKeys.Agreed, new JsonObject { ["pause_approve_conclusion"] = "true", ["conclusion"] = true, ["note"] = "ok" });
        Assert.True((await h.GetAsync(n)).IsPausedAt(h.Now));

        var m = await h.ArrangeAsync(TicketState.AcknowledgedPendingPause);
        await h.HandleAsync(m, Carol, OperateKeys.Rejected, new JsonObject { ["pause_approve_conclusion"] = "false", ["conclusion"] = false });
        var u = await h.GetAsync(m);
        Assert.Null(u.Pending);
        Assert.False(u.IsPausedAt(h.Now));
    }

    // ---- times on commitSolution1 ----

    [Fact]
    public async Task Fault_recovery_time_before_start_time_is_400()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        var p = Harness.Solution();
        p["start_time"] = h.Now - 1000;
        p["fault_recovery_time"] = h.Now - 1001;
        await ExpectInvalid(h, n, A, OperateKeys.CommitSolution, p, "parameter.fault_recovery_time");
        p["fault_recovery_time"] = h.Now - 1000;
        await h.HandleAsync(n, A, OperateKeys.CommitSolution, p);
        Assert.Equal(TicketStatus.Resolved, (await h.GetAsync(n)).Status);
    }

    [Fact]
    public async Task Fault_recovery_time_alone_is_checked_against_the_stored_start_time()
    {
        using var h = await Harness.StartAsync();
        var body = Harness.CreateBody();
        body["start_time"] = h.Now - 10_000;
        var n = await h.CreateAsync(body);
        await h.AcceptAsync(n);
        var p = Harness.Solution();
        p["fault_recovery_time"] = h.Now - 10_001;
        await ExpectInvalid(h, n, A, OperateKeys.CommitSolution, p, "parameter.fault_recovery_time");
        p["fault_recovery_time"] = h.Now - 5_000;
        await h.HandleAsync(n, A, OperateKeys.CommitSolution, p);
        var t = await h.GetAsync(n);
        Assert.Equal(h.Now - 10_000, t.StartTime);
        Assert.Equal(h.Now - 5_000, t.FaultRecoveryTime);
    }

    [Fact]
    public async Task Start_time_alone_may_not_move_after_the_stored_fault_recovery_time()
    {
        // workflow.md, commitSolution1: "start_time, fault_recovery_time (ms, optional; recovery ≥ start)" and
        // "When one is given alone, fault_recovery_time ≥ the stored start_time is checked".
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        var first = Harness.Solution();
        first["start_time"] = h.Now - 60 * 60_000;
        first["fault_recovery_time"] = h.Now - 30 * 60_000;
        await h.HandleAsync(n, A, OperateKeys.CommitSolution, first);
        await h.HandleAsync(n, Carol, OperateKeys.Confirm, Confirm(result: false, comment: "not fixed"));

        var second = Harness.Solution();
        second["start_time"] = h.Now - 10 * 60_000; // after the stored recovery time
        try
        {
            await h.HandleAsync(n, A, OperateKeys.CommitSolution, second);
        }
        catch (Coc.Core.Errors.CocException e) when (e.HttpStatus == 400)
        {
            Assert.Contains("parameter.", e.Message, StringComparison.Ordinal);
            return;
        }
        var t = await h.GetAsync(n);
        Assert.True(t.FaultRecoveryTime >= t.StartTime,
            $"stored fault_recovery_time {t.FaultRecoveryTime} is before stored start_time {t.StartTime}");
    }

    // ---- ReOpen ----

    [Fact]
    public async Task ReOpen_maps_its_fields_onto_the_ticket()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Rejected);
        var start = h.Now - 7_200_000;
        await h.HandleAsync(n, Harness.Creator, OperateKeys.ReOpen, new JsonObject
        {
            ["title"] = "New title",
            ["description"] = "New description",
            ["level_id"] = "level_40",
            ["mtm_type"] = "inc_type_p_security_issues",
            ["is_service_interrupt"] = "true",
            ["source_id"] = "incident_source_alarm",
            ["incident_ownership"] = "incident_ownership_customer",
            ["start_time"] = start,
            ["mtm_region"] = new JsonArray("cn-north-4"),
            ["enterprise_project_id"] = new JsonArray("ep-1"),
            ["current_cloud_service_id"] = new JsonArray("app-123"),
        });
        var t = await h.GetAsync(n);
        Assert.Equal(TicketStatus.Triggered, t.Status);
        Assert.Equal("New title", t.Title);
        Assert.Equal("New description", t.Description);
        Assert.Equal("level_40", t.Level);
        Assert.Equal("inc_type_p_security_issues", t.Type);
        Assert.True(t.IsServiceInterrupt);
        Assert.Equal("incident_source_alarm", t.Source);
        Assert.Equal("incident_ownership_customer", t.Ownership);
        Assert.Equal(start, t.StartTime);
        Assert.Equal(["cn-north-4"], t.Region);
        Assert.Equal(["ep-1"], t.EnterpriseProject);
        Assert.Equal(["app-123"], t.CurrentCloudService);
        Assert.Equal([A], t.Assignee); // no assignee field given: the assignee stays
        Assert.Null(t.WarroomId);
    }

    [Fact]
    public async Task ReOpen_without_fields_keeps_everything_but_the_status()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Rejected);
        var before = await h.GetAsync(n);
        await h.HandleAsync(n, Harness.Creator, OperateKeys.ReOpen);
        var after = await h.GetAsync(n);
        Assert.Equal(before with { Status = TicketStatus.Triggered, Version = before.Version + 1 }, after with
        {
            Region = before.Region, EnterpriseProject = before.EnterpriseProject,
            CurrentCloudService = before.CurrentCloudService, Assignee = before.Assignee,
        });
        Assert.Equal(before.Region, after.Region);
        Assert.Equal(before.Assignee, after.Assignee);
    }

    [Fact]
    public async Task ReOpen_assignee_wins_over_scene_and_role()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Rejected);
        await h.HandleAsync(n, Harness.Creator, OperateKeys.ReOpen, new JsonObject
        {
            ["assignee"] = new JsonArray(Carol), ["assignee_scene"] = "scene-default", ["assignee_role"] = "role-backup",
        });
        var t = await h.GetAsync(n);
        Assert.Equal([Carol], t.Assignee);
        // only the new assignee may accept
        await CocAssert.NotAllowedAsync(() => h.AcceptAsync(n, A));
        await h.AcceptAsync(n, Carol);
    }

    [Fact]
    public async Task ReOpen_scene_and_role_resolve_through_the_schedule()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Rejected);
        await h.HandleAsync(n, Harness.Creator, OperateKeys.ReOpen,
            new JsonObject { ["assignee_scene"] = "scene-default", ["assignee_role"] = "role-backup" });
        var t = await h.GetAsync(n);
        Assert.Equal([Bob], t.Assignee);
        Assert.Equal("scene-default", t.AssigneeScene);
        Assert.Equal("role-backup", t.AssigneeRole);
    }

    [Theory]
    [InlineData("{\"assignee\":[\"\"]}")]
    [InlineData("{\"assignee\":[]}")]
    [InlineData("{\"assignee_scene\":\"\",\"assignee_role\":\"\"}")]
    public async Task ReOpen_with_empty_assignee_fields_keeps_the_assignee(string json)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Rejected);
        var before = (await h.GetAsync(n)).Assignee;
        await h.HandleAsync(n, Harness.Creator, OperateKeys.ReOpen, JsonNode.Parse(json)!.AsObject());
        var t = await h.GetAsync(n);
        Assert.Equal(TicketStatus.Triggered, t.Status);
        Assert.Equal(before, t.Assignee);
    }

    [Theory]
    [InlineData("{\"assignee_scene\":\"scene-default\"}", "parameter.assignee_role")]
    [InlineData("{\"assignee_role\":\"role-oncall\"}", "parameter.assignee_scene")]
    [InlineData("{\"assignee\":[\"nobody-known\"]}", "parameter.assignee")]
    [InlineData("{\"assignee\":[\"ops-bob\",\"ops-carol\"]}", "parameter.assignee")]
    [InlineData("{\"assignee\":\"ops-bob\"}", "parameter.assignee")]
    [InlineData("{\"assignee_scene\":\"scene-default\",\"assignee_role\":\"role-none\"}", "parameter.assignee_scene")]
    [InlineData("{\"title\":\"   \"}", "parameter.title")]
    [InlineData("{\"level_id\":\"level_0\"}", "The field[parameter.level_id] value[level_0] invalid")]
    [InlineData("{\"mtm_type\":\"x\"}", "The field[parameter.mtm_type] value[x] invalid")]
    [InlineData("{\"source_id\":\"x\"}", "The field[parameter.source_id] value[x] invalid")]
    [InlineData("{\"incident_ownership\":\"x\"}", "The field[parameter.incident_ownership] value[x] invalid")]
    [InlineData("{\"is_service_interrupt\":\"yes\"}", "parameter.is_service_interrupt")]
    [InlineData("{\"mtm_region\":[\"a\",\"b\"]}", "parameter.mtm_region")]
    [InlineData("{\"enterprise_project_id\":[\"a\",\"b\"]}", "parameter.enterprise_project_id")]
    [InlineData("{\"current_cloud_service_id\":[\"a\",\"b\"]}", "parameter.current_cloud_service_id")]
    [InlineData("{\"level_id\":\"level_10\"}", "parameter.mtm_region")]
    [InlineData("{\"level_id\":\"level_20\",\"mtm_region\":[\"\"]}", "parameter.mtm_region")]
    public async Task ReOpen_fields_follow_their_create_rules(string json, string mentions)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Rejected);
        await ExpectInvalid(h, n, Harness.Creator, OperateKeys.ReOpen, JsonNode.Parse(json)!.AsObject(), mentions);
        Assert.Equal(TicketStatus.Rejected, (await h.GetAsync(n)).Status);
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public async Task ReOpen_title_is_at_most_200_characters(int length, bool ok)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Rejected);
        var p = new JsonObject { ["title"] = new string('t', length) };
        if (ok) await h.HandleAsync(n, Harness.Creator, OperateKeys.ReOpen, p);
        else await ExpectInvalid(h, n, Harness.Creator, OperateKeys.ReOpen, p, "parameter.title");
    }

    [Fact]
    public async Task ReOpen_start_time_more_than_5_minutes_ahead_is_400()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Rejected);
        await ExpectInvalid(h, n, Harness.Creator, OperateKeys.ReOpen,
            new JsonObject { ["start_time"] = h.Now + 5 * 60_000 + 1 }, "parameter.start_time");
    }

    [Fact]
    public async Task ReOpen_into_a_WarRoom_level_with_a_region_starts_a_WarRoom()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Rejected);
        await h.HandleAsync(n, Harness.Creator, OperateKeys.ReOpen,
            new JsonObject { ["level_id"] = "level_10", ["mtm_region"] = new JsonArray("cn-north-4") });
        var t = await h.GetAsync(n);
        Assert.Equal("level_10", t.Level);
        Assert.Matches(new Regex(@"^WR\d{24}$"), t.WarroomId!);
    }

    [Fact]
    public void Decide_names_the_prefix_it_was_given()
    {
        // Operations.Decide on its own, as the service calls it: the prefix is part of every message.
        var t = new Ticket
        {
            Number = "IM000000000000000000000000", Project = "p", Status = TicketStatus.Resolved, Level = "level_30",
            Type = Harness.Type, Source = "incident_source_manual", Title = "x", IsServiceInterrupt = false,
            Creator = "1", CreateTime = 0, Assignee = [A], Version = 3,
        };
        var rule = Workflow.Authorize(t, OperateKeys.Confirm, Carol, 1000, relaxActors: false);
        var p = new JsonFields(Harness.Json(new JsonObject { ["virtual_confirm_result"] = "true" }), "parameter.") { Lenient = true };
        CocAssert.Invalid(() => Operations.Decide(rule, t, p, 1000, Harness.SecureRules, () => "WR1"),
            "parameter.virtual_confirm_comment is required");
        var ok = new JsonFields(Harness.Json(new JsonObject { ["virtual_confirm_result"] = "true", ["virtual_confirm_comment"] = "c" }), "parameter.") { Lenient = true };
        Assert.Equal(new Confirmed(true, "c"), Operations.Decide(rule, t, ok, 1000, Harness.SecureRules, () => "WR1"));
    }
}
