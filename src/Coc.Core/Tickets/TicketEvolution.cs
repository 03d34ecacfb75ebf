namespace Coc.Core.Tickets;

/// <summary>
/// The one place a ticket's state changes: applying a history entry. Deterministic — it uses only the
/// entry (its time, its resolved change) — so live updates and a replay of the history agree.
/// </summary>
public static class TicketEvolution
{
    public static Ticket Apply(Ticket? state, HistoryEntry entry)
    {
        if (entry.Change is Created created)
            return state is null ? created.Initial with { Version = entry.Seq }
                : throw new InvalidOperationException("a ticket is created once");
        if (state is null) throw new InvalidOperationException($"{entry.Action} before the ticket was created");

        var at = entry.At;
        var t = SettleExpiredPause(state, at);
        t = entry.Change switch
        {
            Accepted => t with { Status = TicketStatus.Acknowledged, AcceptTime = t.AcceptTime ?? at },
            SolutionSubmitted s => EndPause(t, at) with
            {
                Status = TicketStatus.Resolved,
                HandleTime = at,
                Type = s.Type,
                IsServiceInterrupt = s.IsServiceInterrupt,
                StartTime = s.StartTime ?? t.StartTime,
                FaultRecoveryTime = s.FaultRecoveryTime ?? t.FaultRecoveryTime,
            },
            Confirmed { Result: true } => t with { Status = TicketStatus.Completed, CompleteTime = at },
            Confirmed => t with { Status = TicketStatus.Acknowledged },
            Forwarded f => EndPause(t, at) with
            {
                Status = TicketStatus.Triggered, Assignee = [f.Assignee], AssigneeScene = f.Scene, AssigneeRole = f.Role,
            },
            PauseRequested p => t with
            {
                Pending = new PendingRequest
                {
                    Type = PendingRequest.PauseType, RequestedBy = entry.Operator, RequestedAt = at,
                    Reason = p.Reason, PauseEndTime = p.EndTime,
                },
            },
            LevelChanged { Escalation: true } l => EndPause(t, at) with
            {
                Level = l.TargetLevel, WarroomId = t.WarroomId ?? l.WarroomId,
            },
            LevelChanged l => EndPause(t, at) with
            {
                Pending = new PendingRequest
                {
                    Type = PendingRequest.LevelType, RequestedBy = entry.Operator, RequestedAt = at,
                    Reason = l.ChangeComment, TargetLevel = l.TargetLevel,
                },
            },
            Approved => Approve(t, at),
            Refused => t.Pending is not null ? t with { Pending = null } : t with { Status = TicketStatus.Rejected },
            Recovered => EndPause(t, at),
            Reopened r => Reopen(t, r),
            AlarmLinked => t with { HasAlarms = true },
            AlarmsResolved => t,
            RemarkAdded => t,
            WarRoomStarted w => t with { WarroomId = t.WarroomId ?? w.WarroomId },
            _ => throw new InvalidOperationException($"unknown change {entry.Change.GetType().Name}"),
        };
        return t with { Version = entry.Seq };
    }

    public static Ticket Replay(IEnumerable<HistoryEntry> history) =>
        history.OrderBy(h => h.Seq).Aggregate((Ticket?)null, Apply)
        ?? throw new InvalidOperationException("an empty history has no ticket");

    private static Ticket Approve(Ticket t, long at) => t.Pending switch
    {
        { Type: PendingRequest.PauseType } p => t with { Pending = null, PauseStartedAt = at, PausedUntil = p.PauseEndTime },
        { Type: PendingRequest.LevelType } p => t with { Pending = null, Level = p.TargetLevel! },
        _ => t with { Status = TicketStatus.Completed, CompleteTime = at },
    };

    private static Ticket Reopen(Ticket t, Reopened r) => t with
    {
        Status = TicketStatus.Triggered,
        Title = r.Title ?? t.Title,
        Description = r.Description ?? t.Description,
        Level = r.Level ?? t.Level,
        Type = r.Type ?? t.Type,
        IsServiceInterrupt = r.IsServiceInterrupt ?? t.IsServiceInterrupt,
        Source = r.Source ?? t.Source,
        Ownership = r.Ownership ?? t.Ownership,
        StartTime = r.StartTime ?? t.StartTime,
        Region = r.Region ?? t.Region,
        EnterpriseProject = r.EnterpriseProject ?? t.EnterpriseProject,
        CurrentCloudService = r.CurrentCloudService ?? t.CurrentCloudService,
        Assignee = r.Assignee?.Assignee ?? t.Assignee,
        AssigneeScene = r.Assignee is null ? t.AssigneeScene : r.Assignee.Scene,
        AssigneeRole = r.Assignee is null ? t.AssigneeRole : r.Assignee.Role,
        WarroomId = t.WarroomId ?? r.WarroomId,
    };

    /// <summary>A pause whose end time passed before this entry is booked as ending at its end time.</summary>
    private static Ticket SettleExpiredPause(Ticket t, long at) =>
        t.PauseStartedAt is not null && at >= t.PausedUntil ? EndPause(t, t.PausedUntil!.Value) : t;

    private static Ticket EndPause(Ticket t, long at) => t.PauseStartedAt is { } start
        ? t with { PausedMs = t.PausedMs + Math.Max(0, Math.Min(at, t.PausedUntil ?? at) - start), PauseStartedAt = null, PausedUntil = null }
        : t;
}
