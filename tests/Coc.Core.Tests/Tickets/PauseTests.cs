using System.Text.Json.Nodes;
using Coc.Core.Tickets;

namespace Coc.Core.Tests.Tickets;

/// <summary>workflow.md: the pause review flow and how paused time is booked.</summary>
public class PauseTests
{
    private const string A = Harness.Assignee;
    private const string Bob = Harness.Bob;
    private const string Carol = Harness.Carol;
    private const long Minute = 60_000;
    private const long Hour = 60 * Minute;

    private static async Task<(Harness H, string N, long ApprovedAt, long End)> PausedAsync(bool emulator = false)
    {
        var h = await Harness.StartAsync(emulator);
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        var end = h.Now + Hour;
        await h.RequestPauseAsync(n, Bob, end);
        h.Clock.Advance(TimeSpan.FromMilliseconds(2 * Minute)); // time spent waiting for approval is not paused time
        await h.HandleAsync(n, Carol, OperateKeys.Agreed, new JsonObject { ["note"] = "ok" });
        return (h, n, h.Now, end);
    }

    [Fact]
    public async Task An_approved_pause_request_pauses_the_ticket_and_paused_time_grows_with_the_clock()
    {
        var (h, n, approvedAt, end) = await PausedAsync();
        using var _h = h;
        var t = await h.GetAsync(n);
        Assert.Equal(TicketStatus.Acknowledged, t.Status);
        Assert.Null(t.Pending);
        Assert.True(t.IsPausedAt(h.Now));
        Assert.Equal(approvedAt, t.PauseStartedAt);
        Assert.Equal(end, t.PausedUntil);
        Assert.Equal(0, t.PausedMsAt(h.Now));

        h.Clock.Advance(TimeSpan.FromMilliseconds(10 * Minute));
        Assert.True(t.IsPausedAt(h.Now));
        Assert.Equal(10 * Minute, t.PausedMsAt(h.Now));

        h.Clock.Advance(TimeSpan.FromMilliseconds(5 * Minute));
        Assert.Equal(15 * Minute, t.PausedMsAt(h.Now));

        // the stored state does not change by itself: the pause is worked out when read
        var again = await h.GetAsync(n);
        Assert.Equal(t.Version, again.Version);
        Assert.Equal(15 * Minute, again.PausedMsAt(h.Now));
    }

    [Fact]
    public async Task While_paused_another_pause_request_is_409()
    {
        var (h, n, _, _) = await PausedAsync();
        using var _h = h;
        h.Clock.Advance(TimeSpan.FromMilliseconds(Minute));
        await CocAssert.NotAllowedAsync(() => h.RequestPauseAsync(n, A, h.Now + Hour));
    }

    public static TheoryData<string, string> PauseEnders => new()
    {
        { OperateKeys.CommitSolution, TicketStatus.Resolved },
        { OperateKeys.Forward, TicketStatus.Triggered },
        { OperateKeys.ChangeLevel, TicketStatus.Acknowledged },
        { OperateKeys.Recovery, TicketStatus.Acknowledged },
    };

    [Theory]
    [MemberData(nameof(PauseEnders))]
    public async Task A_handling_operation_ends_the_pause_and_books_the_paused_time(string key, string status)
    {
        var (h, n, _, _) = await PausedAsync();
        using var _h = h;
        h.Clock.Advance(TimeSpan.FromMilliseconds(10 * Minute + 7));
        var parameter = key switch
        {
            OperateKeys.CommitSolution => Harness.Solution(),
            OperateKeys.Forward => new JsonObject { ["virtual_send_assignee"] = Bob },
            OperateKeys.ChangeLevel => Harness.LevelChange("level_20"),
            _ => new JsonObject { ["note"] = "resumed" },
        };
        await h.HandleAsync(n, Carol, key, parameter);
        var t = await h.GetAsync(n);
        Assert.Equal(status, t.Status);
        Assert.False(t.IsPausedAt(h.Now));
        Assert.Null(t.PauseStartedAt);
        Assert.Null(t.PausedUntil);
        Assert.Equal(10 * Minute + 7, t.PausedMs);

        h.Clock.Advance(TimeSpan.FromMilliseconds(Hour * 3)); // no longer counting
        Assert.Equal(10 * Minute + 7, t.PausedMsAt(h.Now));
    }

    [Fact]
    public async Task A_de_escalation_request_while_paused_ends_the_pause()
    {
        var (h, n, _, _) = await PausedAsync();
        using var _h = h;
        h.Clock.Advance(TimeSpan.FromMilliseconds(3 * Minute));
        await h.HandleAsync(n, Carol, OperateKeys.ChangeLevel, Harness.LevelChange("level_50"));
        var t = await h.GetAsync(n);
        Assert.False(t.IsPausedAt(h.Now));
        Assert.Equal(3 * Minute, t.PausedMs);
        Assert.Equal(PendingRequest.LevelType, t.Pending?.Type);
    }

    [Fact]
    public async Task A_pause_that_runs_to_its_end_time_books_exactly_end_minus_start_and_allows_a_new_pause()
    {
        var (h, n, approvedAt, end) = await PausedAsync();
        using var _h = h;
        h.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(end + 5 * Hour));
        var t = await h.GetAsync(n);
        Assert.False(t.IsPausedAt(h.Now));
        Assert.False(t.IsPausedAt(end));
        Assert.True(t.IsPausedAt(end - 1));
        Assert.Equal(end - approvedAt, t.PausedMsAt(h.Now));
        Assert.Equal(end - approvedAt, t.PausedMsAt(end));

        // recovery is for an active pause only
        await CocAssert.NotAllowedAsync(() => h.HandleAsync(n, Carol, OperateKeys.Recovery));

        // a new pause request is allowed now, and booking the old pause settles it at its end time
        await h.RequestPauseAsync(n, A, h.Now + Hour);
        t = await h.GetAsync(n);
        Assert.Equal(end - approvedAt, t.PausedMs);
        Assert.Null(t.PauseStartedAt);
        Assert.Equal(PendingRequest.PauseType, t.Pending?.Type);

        // and the second pause adds up
        var second = h.Now;
        await h.HandleAsync(n, Bob, OperateKeys.Agreed);
        h.Clock.Advance(TimeSpan.FromMilliseconds(20 * Minute));
        await h.HandleAsync(n, A, OperateKeys.Recovery);
        t = await h.GetAsync(n);
        Assert.Equal(end - approvedAt + 20 * Minute, t.PausedMs);
        Assert.Equal(second + 20 * Minute, h.Now);
    }

    [Fact]
    public async Task An_operation_after_the_pause_ran_out_books_only_up_to_the_end_time()
    {
        var (h, n, approvedAt, end) = await PausedAsync();
        using var _h = h;
        h.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(end + 2 * Hour));
        await h.HandleAsync(n, Carol, OperateKeys.CommitSolution, Harness.Solution());
        var t = await h.GetAsync(n);
        Assert.Equal(end - approvedAt, t.PausedMs);
        Assert.Equal(TicketStatus.Resolved, t.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_requester_approving_their_own_pause_is_409_even_in_relaxed_mode(bool emulator)
    {
        using var h = await Harness.StartAsync(emulator);
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await h.RequestPauseAsync(n, A, h.Now + Hour);
        await CocAssert.NotAllowedAsync(() => h.HandleAsync(n, A, OperateKeys.Agreed));
        var t = await h.GetAsync(n);
        Assert.NotNull(t.Pending);
        Assert.False(t.IsPausedAt(h.Now));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_requester_may_withdraw_their_pause_request_with_rejected(bool emulator)
    {
        using var h = await Harness.StartAsync(emulator);
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await h.RequestPauseAsync(n, A, h.Now + Hour);
        await h.HandleAsync(n, A, OperateKeys.Rejected, new JsonObject { ["pause_approve_conclusion"] = "false" });
        var t = await h.GetAsync(n);
        Assert.Null(t.Pending);
        Assert.False(t.IsPausedAt(h.Now));
        Assert.Equal(0, t.PausedMs);
        Assert.Equal(TicketStatus.Acknowledged, t.Status);
        var last = (await h.HistoryAsync(n))[^1];
        Assert.Equal(OperateKeys.Rejected, last.Action);
        Assert.Equal(A, last.Operator);
        Assert.IsType<Refused>(last.Change);
        // and a fresh request may follow
        await h.RequestPauseAsync(n, A, h.Now + Hour);
        Assert.NotNull((await h.GetAsync(n)).Pending);
    }

    [Fact]
    public async Task While_a_pause_request_is_pending_the_ticket_is_not_paused_and_solution_is_409()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.AcknowledgedPendingPause);
        h.Clock.Advance(TimeSpan.FromMilliseconds(10 * Minute));
        var t = await h.GetAsync(n);
        Assert.False(t.IsPausedAt(h.Now));
        Assert.Equal(0, t.PausedMsAt(h.Now));
        await CocAssert.NotAllowedAsync(() => h.HandleAsync(n, A, OperateKeys.CommitSolution, Harness.Solution()));
        await CocAssert.NotAllowedAsync(() => h.HandleAsync(n, A, OperateKeys.Forward, new JsonObject { ["virtual_send_assignee"] = Carol }));
        await CocAssert.NotAllowedAsync(() => h.HandleAsync(n, A, OperateKeys.ChangeLevel, Harness.LevelChange("level_10")));
    }

    [Fact]
    public async Task Paused_time_survives_confirm_false_and_is_kept_on_the_ticket()
    {
        var (h, n, _, _) = await PausedAsync();
        using var _h = h;
        h.Clock.Advance(TimeSpan.FromMilliseconds(4 * Minute));
        await h.HandleAsync(n, A, OperateKeys.CommitSolution, Harness.Solution());
        await h.HandleAsync(n, Carol, OperateKeys.Confirm, new JsonObject { ["virtual_confirm_result"] = false, ["virtual_confirm_comment"] = "no" });
        var t = await h.GetAsync(n);
        Assert.Equal(TicketStatus.Acknowledged, t.Status);
        Assert.Equal(4 * Minute, t.PausedMs);
        Assert.False(t.IsPausedAt(h.Now));
    }
}
