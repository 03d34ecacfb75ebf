using static Coc.Core.Tickets.TicketStatus;

namespace Coc.Core.Tickets.V2;

/// <summary>One operation a task offers: its v2 action key and the workflow row it runs.</summary>
public sealed record TaskOperation(string Key, WorkflowRule Rule);

/// <summary>A node of the v2 tasks answer (v2.md, Tasks): the ticket's status node, or the approval node of a pending request.</summary>
public sealed record TicketTask(
    string Type, string Key, string NameZh, string NameEn, string State, string TaskId, IReadOnlyList<TaskOperation> Operations);

/// <summary>
/// The v2 tasks of a ticket, derived from <see cref="Workflow.V2Rules"/>: the rows available now, the request rows on an
/// approval node, the others on the status node. A task id is the history position (seq) of the entry that began the
/// node's current visit, so an id the ticket has moved past is recognisably stale.
/// </summary>
public static class TicketTasks
{
    public static IReadOnlyList<TicketTask> Of(Ticket ticket, IReadOnlyList<HistoryEntry> history, long now)
    {
        if (ticket.Status == Completed) return [];
        var (statusPosition, requestPosition) = Positions(history, ticket.Version);
        var available = Workflow.V2Rules
            .Where(r => r.AllowedIn.Contains(ticket.Status) && Workflow.Holds(r.When, ticket, now))
            .Select(r => (Approval: r.When == Situation.PendingRequest, Operation: new TaskOperation(r.V2ActionIn(ticket.Status), r)))
            .ToList();
        var paused = ticket.IsPausedAt(now);
        var (key, zh, en) = StatusNode(ticket.Status, paused);
        var tasks = new List<TicketTask>
        {
            new(paused ? "PauseNode" : "OperateNode", key, zh, en, paused ? "suspended" : "running", Id(statusPosition),
                [.. available.Where(a => !a.Approval).Select(a => a.Operation)]),
        };
        if (ticket.Pending is { } pending)
        {
            var pause = pending.Type == PendingRequest.PauseType;
            tasks.Add(new("ApprovalNode", pause ? "approvalPause" : "approvalChangeLevel", pause ? "一审或签" : "降级一审并签",
                pause ? "Pause review" : "De-escalation review", "running", Id(requestPosition),
                [.. available.Where(a => a.Approval).Select(a => a.Operation)]));
        }
        return tasks;
    }

    private static (string Key, string Zh, string En) StatusNode(string status, bool paused) => status switch
    {
        Triggered => ("userTaskAccept", "未受理", "Unaccepted"),
        Acknowledged when paused => ("userTaskPause", "暂停", "Paused"),
        Acknowledged => ("userTaskHandle1", "处理", "Handle"),
        Rejected => ("userTaskRejectConfirm", "未受理驳回提单人确认", "Rejected, creator confirms"),
        Resolved => ("userTaskVerify", "验证节点", "Verify"),
        _ => throw new InvalidOperationException($"status {status} has no task node"),
    };

    /// <summary>Replays the history up to <paramref name="version"/>: the last entry that changed the status, the assignee
    /// or whether the ticket is paused, and the last one that opened a request. A pause that lapses writes no entry.</summary>
    private static (int Status, int Request) Positions(IReadOnlyList<HistoryEntry> history, int version)
    {
        Ticket? state = null;
        int status = 1, request = 0;
        foreach (var entry in history.Where(e => e.Seq <= version).OrderBy(e => e.Seq))
        {
            var before = state;
            state = TicketEvolution.Apply(before, entry);
            if (before is null) continue;
            if (before.Status != state.Status || before.CurrentAssignee != state.CurrentAssignee
                || before.IsPausedAt(entry.At) != state.IsPausedAt(entry.At))
                status = entry.Seq;
            if (before.Pending is null && state.Pending is not null) request = entry.Seq;
        }
        return (status, request);
    }

    private static string Id(int position) => position.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
