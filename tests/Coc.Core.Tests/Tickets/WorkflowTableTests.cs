using System.Text.Json.Nodes;
using Coc.Core.Errors;
using Coc.Core.Tickets;
using static Coc.Core.Tests.Tickets.TicketState;

namespace Coc.Core.Tests.Tickets;

/// <summary>
/// The workflow of workflow.md ("Operations" table and "Rules"), written out by hand for every situation and
/// every operate_key. It deliberately does not read <see cref="Workflow.Rules"/>: the table under test.
/// </summary>
public class WorkflowTableTests
{
    private const string Refused = "409";
    private const string T = TicketStatus.Triggered;
    private const string A = TicketStatus.Acknowledged;
    private const string Rj = TicketStatus.Rejected;
    private const string Rs = TicketStatus.Resolved;
    private const string C = TicketStatus.Completed;

    private const string Accept = OperateKeys.Accept;
    private const string Commit = OperateKeys.CommitSolution;
    private const string Confirm = OperateKeys.Confirm;
    private const string Forward = OperateKeys.Forward;
    private const string Pause = OperateKeys.Pause;
    private const string Level = OperateKeys.ChangeLevel;
    private const string Agreed = OperateKeys.Agreed;
    private const string Rejected = OperateKeys.Rejected;
    private const string Recovery = OperateKeys.Recovery;
    private const string ReOpen = OperateKeys.ReOpen;

    [Theory]
    //          situation                      operate_key   resulting status (or 409)
    [InlineData(Triggered,                Accept,   A)]
    [InlineData(Triggered,                Commit,   Refused)]
    [InlineData(Triggered,                Confirm,  Refused)]
    [InlineData(Triggered,                Forward,  T)]
    [InlineData(Triggered,                Pause,    Refused)]
    [InlineData(Triggered,                Level,    Refused)]
    [InlineData(Triggered,                Agreed,   Refused)]
    [InlineData(Triggered,                Rejected, Rj)]
    [InlineData(Triggered,                Recovery, Refused)]
    [InlineData(Triggered,                ReOpen,   Refused)]

    [InlineData(Acknowledged,             Accept,   Refused)]
    [InlineData(Acknowledged,             Commit,   Rs)]
    [InlineData(Acknowledged,             Confirm,  Refused)]
    [InlineData(Acknowledged,             Forward,  T)]
    [InlineData(Acknowledged,             Pause,    A)]
    [InlineData(Acknowledged,             Level,    A)]
    [InlineData(Acknowledged,             Agreed,   Refused)]
    [InlineData(Acknowledged,             Rejected, Refused)]
    [InlineData(Acknowledged,             Recovery, Refused)]
    [InlineData(Acknowledged,             ReOpen,   Refused)]

    [InlineData(TicketState.Rejected,     Accept,   Refused)]
    [InlineData(TicketState.Rejected,     Commit,   Refused)]
    [InlineData(TicketState.Rejected,     Confirm,  Refused)]
    [InlineData(TicketState.Rejected,     Forward,  Refused)]
    [InlineData(TicketState.Rejected,     Pause,    Refused)]
    [InlineData(TicketState.Rejected,     Level,    Refused)]
    [InlineData(TicketState.Rejected,     Agreed,   C)]
    [InlineData(TicketState.Rejected,     Rejected, Refused)]
    [InlineData(TicketState.Rejected,     Recovery, Refused)]
    [InlineData(TicketState.Rejected,     ReOpen,   T)]

    [InlineData(Resolved,                 Accept,   Refused)]
    [InlineData(Resolved,                 Commit,   Refused)]
    [InlineData(Resolved,                 Confirm,  C)]
    [InlineData(Resolved,                 Forward,  Refused)]
    [InlineData(Resolved,                 Pause,    Refused)]
    [InlineData(Resolved,                 Level,    Refused)]
    [InlineData(Resolved,                 Agreed,   Refused)]
    [InlineData(Resolved,                 Rejected, Refused)]
    [InlineData(Resolved,                 Recovery, Refused)]
    [InlineData(Resolved,                 ReOpen,   Refused)]

    [InlineData(Completed,                Accept,   Refused)]
    [InlineData(Completed,                Commit,   Refused)]
    [InlineData(Completed,                Confirm,  Refused)]
    [InlineData(Completed,                Forward,  Refused)]
    [InlineData(Completed,                Pause,    Refused)]
    [InlineData(Completed,                Level,    Refused)]
    [InlineData(Completed,                Agreed,   Refused)]
    [InlineData(Completed,                Rejected, Refused)]
    [InlineData(Completed,                Recovery, Refused)]
    [InlineData(Completed,                ReOpen,   Refused)]

    [InlineData(AcknowledgedPendingPause, Accept,   Refused)]
    [InlineData(AcknowledgedPendingPause, Commit,   Refused)]
    [InlineData(AcknowledgedPendingPause, Confirm,  Refused)]
    [InlineData(AcknowledgedPendingPause, Forward,  Refused)]
    [InlineData(AcknowledgedPendingPause, Pause,    Refused)]
    [InlineData(AcknowledgedPendingPause, Level,    Refused)]
    [InlineData(AcknowledgedPendingPause, Agreed,   A)]
    [InlineData(AcknowledgedPendingPause, Rejected, A)]
    [InlineData(AcknowledgedPendingPause, Recovery, Refused)]
    [InlineData(AcknowledgedPendingPause, ReOpen,   Refused)]

    [InlineData(AcknowledgedPendingLevel, Accept,   Refused)]
    [InlineData(AcknowledgedPendingLevel, Commit,   Refused)]
    [InlineData(AcknowledgedPendingLevel, Confirm,  Refused)]
    [InlineData(AcknowledgedPendingLevel, Forward,  Refused)]
    [InlineData(AcknowledgedPendingLevel, Pause,    Refused)]
    [InlineData(AcknowledgedPendingLevel, Level,    Refused)]
    [InlineData(AcknowledgedPendingLevel, Agreed,   A)]
    [InlineData(AcknowledgedPendingLevel, Rejected, A)]
    [InlineData(AcknowledgedPendingLevel, Recovery, Refused)]
    [InlineData(AcknowledgedPendingLevel, ReOpen,   Refused)]

    [InlineData(AcknowledgedPaused,       Accept,   Refused)]
    [InlineData(AcknowledgedPaused,       Commit,   Rs)]
    [InlineData(AcknowledgedPaused,       Confirm,  Refused)]
    [InlineData(AcknowledgedPaused,       Forward,  T)]
    [InlineData(AcknowledgedPaused,       Pause,    Refused)]
    [InlineData(AcknowledgedPaused,       Level,    A)]
    [InlineData(AcknowledgedPaused,       Agreed,   Refused)]
    [InlineData(AcknowledgedPaused,       Rejected, Refused)]
    [InlineData(AcknowledgedPaused,       Recovery, A)]
    [InlineData(AcknowledgedPaused,       ReOpen,   Refused)]
    public async Task Operation_is_allowed_exactly_where_workflow_md_says(TicketState state, string key, string expected)
    {
        using var h = await Harness.StartAsync();
        var number = await h.ArrangeAsync(state);
        var before = await h.GetAsync(number);
        var op = PermittedOperator(key, before);

        // The table's own view (what a console offers) must agree with the contract.
        var offered = Workflow.Available(before, h.Now).Any(r => r.OperateKey == key);
        Assert.Equal(expected != Refused, offered);

        if (expected == Refused)
        {
            // Refused by status/situation: no relaxation of actors can change that.
            CocAssert.NotAllowed(() => Workflow.Authorize(before, key, op, h.Now, relaxActors: false));
            CocAssert.NotAllowed(() => Workflow.Authorize(before, key, op, h.Now, relaxActors: true));
            await CocAssert.NotAllowedAsync(() => h.HandleAsync(number, op, key, ValidParameter(key, before, h.Now)));
            var after = await h.GetAsync(number);
            Assert.Equal(before.Version, after.Version);
            Assert.Equal(before.Status, after.Status);
            Assert.Equal(before.Version, (await h.HistoryAsync(number)).Count);
        }
        else
        {
            Assert.Equal(key, Workflow.Authorize(before, key, op, h.Now, relaxActors: false).OperateKey);
            await h.HandleAsync(number, op, key, ValidParameter(key, before, h.Now));
            var after = await h.GetAsync(number);
            Assert.Equal(expected, after.Status);
            Assert.Equal(before.Version + 1, after.Version);
            var last = (await h.HistoryAsync(number))[^1];
            Assert.Equal(key, last.Action);
            Assert.Equal(before.Status, last.FromStatus);
            Assert.Equal(expected, last.ToStatus);
        }
    }

    [Fact]
    public void The_matrix_covers_every_operate_key_and_the_keys_are_the_ten_of_workflow_md()
    {
        Assert.Equal(
            new[] { "acceptedIncident1", "commitSolution1", "confirm", "forwardOther1", "incidentPause",
                    "incidentChangeLevel1", "agreed", "rejected", "recovery", "ReOpen" }.Order(),
            OperateKeys.All.Order());
        Assert.All(OperateKeys.All, k => Assert.True(Workflow.IsKnownOperateKey(k)));
        Assert.False(Workflow.IsKnownOperateKey("create"));
        Assert.False(Workflow.IsKnownOperateKey("acceptedincident1"));
    }

    [Fact]
    public async Task Confirm_false_sends_a_resolved_ticket_back_to_acknowledged()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(Resolved);
        await h.HandleAsync(n, Harness.Carol, Confirm,
            new JsonObject { ["virtual_confirm_result"] = false, ["virtual_confirm_comment"] = "still broken" });
        var t = await h.GetAsync(n);
        Assert.Equal(A, t.Status);
        Assert.Null(t.CompleteTime);
        Assert.Equal([Harness.Assignee], t.Assignee);
        // ... and the assignee must handle it again: a new solution is accepted.
        await h.HandleAsync(n, Harness.Assignee, Commit, Harness.Solution());
        Assert.Equal(Rs, (await h.GetAsync(n)).Status);
    }

    [Fact]
    public async Task Completed_is_final_every_operation_by_every_operator_in_every_mode_gets_409()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(Completed);
        var t = await h.GetAsync(n);
        foreach (var key in OperateKeys.All)
        foreach (var op in Harness.People.Append("stranger"))
        foreach (var relax in new[] { false, true })
            CocAssert.NotAllowed(() => Workflow.Authorize(t, key, op, h.Now, relax));
        Assert.Empty(Workflow.Available(t, h.Now));

        using var emu = await Harness.StartAsync(emulator: true);
        var m = await emu.ArrangeAsync(Completed);
        var u = await emu.GetAsync(m);
        foreach (var key in OperateKeys.All)
            await CocAssert.NotAllowedAsync(() => emu.HandleAsync(m, Harness.Creator, key, ValidParameter(key, u, emu.Now)));
        Assert.Equal(u.Version, (await emu.GetAsync(m)).Version);
    }

    // ---- actors ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Accept_comes_only_from_the_current_assignee_unless_relaxed(bool emulator)
    {
        using var h = await Harness.StartAsync(emulator);
        var n = await h.ArrangeAsync(Triggered);
        var t = await h.GetAsync(n);
        Assert.Equal(emulator, Allowed(() => Workflow.Authorize(t, Accept, Harness.Bob, h.Now, relaxActors: emulator)));
        if (!emulator) await CocAssert.NotAllowedAsync(() => h.AcceptAsync(n, Harness.Creator));
        Assert.Equal(emulator, await AllowedAsync(() => h.AcceptAsync(n, Harness.Bob)));
        if (!emulator) await h.AcceptAsync(n, Harness.Assignee);
        Assert.Equal(A, (await h.GetAsync(n)).Status);
    }

    [Fact]
    public async Task After_a_forward_only_the_new_assignee_may_accept_in_secure_mode()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(Acknowledged);
        await h.HandleAsync(n, Harness.Carol, Forward, new JsonObject { ["virtual_send_assignee"] = Harness.Bob });
        await CocAssert.NotAllowedAsync(() => h.AcceptAsync(n, Harness.Assignee));
        await h.AcceptAsync(n, Harness.Bob);
        Assert.Equal(A, (await h.GetAsync(n)).Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReOpen_comes_only_from_the_creator_unless_relaxed(bool emulator)
    {
        using var h = await Harness.StartAsync(emulator);
        var n = await h.ArrangeAsync(TicketState.Rejected);
        var t = await h.GetAsync(n);
        Assert.Equal(emulator, Allowed(() => Workflow.Authorize(t, ReOpen, Harness.Assignee, h.Now, relaxActors: emulator)));
        Assert.Equal(emulator, await AllowedAsync(() => h.HandleAsync(n, Harness.Assignee, ReOpen, new JsonObject())));
        if (!emulator) await h.HandleAsync(n, Harness.Creator, ReOpen, new JsonObject());
        Assert.Equal(T, (await h.GetAsync(n)).Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Agreed_on_a_rejected_ticket_comes_only_from_the_creator_unless_relaxed(bool emulator)
    {
        using var h = await Harness.StartAsync(emulator);
        var n = await h.ArrangeAsync(TicketState.Rejected);
        var t = await h.GetAsync(n);
        Assert.Equal(emulator, Allowed(() => Workflow.Authorize(t, Agreed, Harness.Assignee, h.Now, relaxActors: emulator)));
        Assert.Equal(emulator, await AllowedAsync(() => h.HandleAsync(n, Harness.Assignee, Agreed)));
        if (!emulator) await h.HandleAsync(n, Harness.Creator, Agreed);
        var after = await h.GetAsync(n);
        Assert.Equal(C, after.Status);
        Assert.Equal(h.Now, after.CompleteTime);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rejected_on_a_triggered_ticket_comes_only_from_its_assignee_unless_relaxed(bool emulator)
    {
        using var h = await Harness.StartAsync(emulator);
        var n = await h.ArrangeAsync(Triggered);
        var t = await h.GetAsync(n);
        var p = new JsonObject { ["virtual_confirm_comment"] = "not ours" };
        Assert.Equal(emulator, Allowed(() => Workflow.Authorize(t, Rejected, Harness.Creator, h.Now, relaxActors: emulator)));
        Assert.Equal(emulator, await AllowedAsync(() => h.HandleAsync(n, Harness.Creator, Rejected, p)));
        if (!emulator) await h.HandleAsync(n, Harness.Assignee, Rejected, p);
        Assert.Equal(Rj, (await h.GetAsync(n)).Status);
    }

    [Theory]
    [InlineData(false, AcknowledgedPendingPause)]
    [InlineData(true, AcknowledgedPendingPause)]
    [InlineData(false, AcknowledgedPendingLevel)]
    [InlineData(true, AcknowledgedPendingLevel)]
    public async Task The_requester_may_not_approve_their_own_request_in_any_mode(bool emulator, TicketState state)
    {
        using var h = await Harness.StartAsync(emulator);
        var n = await h.ArrangeAsync(state); // requested by ops-bob
        var t = await h.GetAsync(n);
        Assert.Equal(Harness.Bob, t.Pending?.RequestedBy);
        CocAssert.NotAllowed(() => Workflow.Authorize(t, Agreed, Harness.Bob, h.Now, relaxActors: false));
        CocAssert.NotAllowed(() => Workflow.Authorize(t, Agreed, Harness.Bob, h.Now, relaxActors: true));
        await CocAssert.NotAllowedAsync(() => h.HandleAsync(n, Harness.Bob, Agreed));
        await CocAssert.NotAllowedAsync(() => h.HandleAsync(n, Harness.Bob, Agreed, new JsonObject { ["pause_approve_conclusion"] = true }));
        Assert.NotNull((await h.GetAsync(n)).Pending);

        // anybody else may approve
        await h.HandleAsync(n, Harness.Assignee, Agreed);
        Assert.Null((await h.GetAsync(n)).Pending);
    }

    [Theory]
    [InlineData(false, AcknowledgedPendingPause)]
    [InlineData(true, AcknowledgedPendingPause)]
    [InlineData(false, AcknowledgedPendingLevel)]
    [InlineData(true, AcknowledgedPendingLevel)]
    public async Task The_requester_may_withdraw_their_own_request_with_rejected(bool emulator, TicketState state)
    {
        using var h = await Harness.StartAsync(emulator);
        var n = await h.ArrangeAsync(state);
        var before = await h.GetAsync(n);
        await h.HandleAsync(n, Harness.Bob, Rejected, new JsonObject { ["note"] = "withdrawn" });
        var after = await h.GetAsync(n);
        Assert.Null(after.Pending);
        Assert.Equal(A, after.Status);
        Assert.Equal(before.Level, after.Level);
        Assert.False(after.IsPausedAt(h.Now));
        var last = (await h.HistoryAsync(n))[^1];
        Assert.Equal(Rejected, last.Action);
        Assert.Equal(Harness.Bob, last.Operator);
        Assert.Equal("withdrawn", last.Change.Comment);
    }

    [Theory]
    [InlineData(Acknowledged, Commit)]
    [InlineData(Acknowledged, Forward)]
    [InlineData(Acknowledged, Pause)]
    [InlineData(Acknowledged, Level)]
    [InlineData(Resolved, Confirm)]
    [InlineData(AcknowledgedPaused, Recovery)]
    [InlineData(AcknowledgedPendingPause, Rejected)]
    [InlineData(Triggered, Forward)]
    public async Task Other_operations_come_from_any_known_operator_in_secure_mode(TicketState state, string key)
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(state);
        var t = await h.GetAsync(n);
        // ops-carol is neither assignee, creator nor requester
        await h.HandleAsync(n, Harness.Carol, key, ValidParameter(key, t, h.Now));
        Assert.Equal(t.Version + 1, (await h.GetAsync(n)).Version);
    }

    [Fact]
    public async Task In_emulator_mode_operator_ids_need_not_be_known_but_in_secure_mode_they_must()
    {
        using var emu = await Harness.StartAsync(emulator: true);
        var n = await emu.ArrangeAsync(Triggered);
        await emu.AcceptAsync(n, "someone-from-elsewhere");
        Assert.Equal(A, (await emu.GetAsync(n)).Status);

        using var sec = await Harness.StartAsync();
        var m = await sec.ArrangeAsync(Acknowledged);
        var e = await Assert.ThrowsAsync<CocException>(() =>
            sec.HandleAsync(m, "someone-from-elsewhere", Commit, Harness.Solution()));
        Assert.Equal(400, e.HttpStatus);
        Assert.Equal(A, (await sec.GetAsync(m)).Status);
    }

    // ---- helpers ----

    /// <summary>An operator every actor rule admits, so that a refusal can only come from status/situation.</summary>
    private static string PermittedOperator(string key, Ticket t) => key switch
    {
        Accept or Rejected => t.CurrentAssignee ?? Harness.Carol,
        Agreed or ReOpen => Harness.Creator,
        _ => Harness.Carol,
    };

    /// <summary>A parameter that is valid for the key on ticket <paramref name="t"/> (level_30, assigned to ops-alice).</summary>
    internal static JsonObject? ValidParameter(string key, Ticket t, long now) => key switch
    {
        Accept => null,
        Commit => Harness.Solution(),
        Confirm => new JsonObject { ["virtual_confirm_result"] = true, ["virtual_confirm_comment"] = "verified" },
        Forward => new JsonObject { ["virtual_send_assignee"] = t.CurrentAssignee == Harness.Bob ? Harness.Carol : Harness.Bob },
        Pause => new JsonObject { ["pause_reason"] = "vendor", ["pause_end_time"] = now + 600_000 },
        Level => Harness.LevelChange(t.Level == "level_50" ? "level_40" : "level_50"),
        Agreed => new JsonObject { ["note"] = "fine" },
        Rejected => new JsonObject { ["virtual_confirm_comment"] = "no" },
        Recovery => new JsonObject { ["note"] = "back" },
        ReOpen => new JsonObject { ["title"] = "Database latency (again)" },
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    private static bool Allowed(Action a)
    {
        try { a(); return true; }
        catch (CocException e) when (e.HttpStatus == 409 && e.ErrorCode == CocErrors.NotAllowedCode) { return false; }
    }

    private static async Task<bool> AllowedAsync(Func<Task> a)
    {
        try { await a(); return true; }
        catch (CocException e) when (e.HttpStatus == 409 && e.ErrorCode == CocErrors.NotAllowedCode) { return false; }
    }
}
