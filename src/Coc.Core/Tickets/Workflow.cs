using Coc.Core.Errors;
using static Coc.Core.Tickets.TicketStatus;

namespace Coc.Core.Tickets;

/// <summary>What else, beside the status, must hold for an operation (workflow.md, "allowed in").</summary>
public enum Situation { Any, NoPendingRequest, PendingRequest, NotPausedNoPendingRequest, Paused }

/// <summary>Who may run an operation. In emulator mode Assignee and Creator relax to "any operator";
/// NotTheRequester holds in every mode.</summary>
public enum Actor { Anyone, Assignee, Creator, NotTheRequester }

/// <param name="V2Actions">The v2 action key of the row in each status of <paramref name="AllowedIn"/>, in the same order
/// (v2.md, Actions): the v2 API offers and runs the row under that name.</param>
public sealed record WorkflowRule(
    string OperateKey, IReadOnlyList<string> AllowedIn, Situation When, Actor Who, IReadOnlyList<string> LeadsTo, string Meaning,
    IReadOnlyList<string> V2Actions)
{
    public string V2ActionIn(string status) => V2Actions[AllowedIn.ToList().IndexOf(status)];
}

/// <summary>
/// The ticket workflow of workflow.md as one table: which operation is allowed in which status and
/// situation, who may run it, and which status it leads to. Endpoints, the console and the docs read it;
/// <see cref="TicketEvolution"/> applies what a row allows. COMPLETED appears in no "allowed in": it is final.
/// </summary>
public static class Workflow
{
    private static readonly string[] Unchanged = [];

    public static readonly IReadOnlyList<WorkflowRule> Rules =
    [
        //  operate_key                   allowed in                 situation                               who may act            leads to                    meaning     v2 action per status
        new(OperateKeys.Accept,         [Triggered],               Situation.Any,                           Actor.Assignee,        [Acknowledged],             "accept the ticket", ["accepted"]),
        new(OperateKeys.CommitSolution, [Acknowledged],            Situation.NoPendingRequest,              Actor.Anyone,          [Resolved],                 "submit a solution", ["commitSolution"]),
        new(OperateKeys.Confirm,        [Resolved],                Situation.Any,                           Actor.Anyone,          [Completed, Acknowledged],  "verify the result: true completes, false returns it to the assignee", ["confirm"]),
        new(OperateKeys.Forward,        [Triggered, Acknowledged], Situation.NoPendingRequest,              Actor.Anyone,          [Triggered],                "hand the ticket to another person or shift", ["unAcceptedForward", "acceptedForward"]),
        new(OperateKeys.Pause,          [Acknowledged],            Situation.NotPausedNoPendingRequest,     Actor.Anyone,          Unchanged,                  "ask to suspend handling (opens a pause request)", ["incidentPause"]),
        new(OperateKeys.ChangeLevel,    [Acknowledged],            Situation.NoPendingRequest,              Actor.Anyone,          Unchanged,                  "escalate at once, or ask to de-escalate (opens a level request)", ["changeLevel"]),
        new(OperateKeys.Agreed,         [Acknowledged],            Situation.PendingRequest,                Actor.NotTheRequester, Unchanged,                  "approve the pending request", ["agreed"]),
        new(OperateKeys.Agreed,         [Rejected],                Situation.Any,                           Actor.Creator,         [Completed],                "accept the rejection and close the ticket", ["agreed"]),
        new(OperateKeys.Rejected,       [Acknowledged],            Situation.PendingRequest,                Actor.Anyone,          Unchanged,                  "refuse (or withdraw) the pending request", ["rejected"]),
        new(OperateKeys.Rejected,       [Triggered],               Situation.Any,                           Actor.Assignee,        [Rejected],                 "decline the unaccepted ticket", ["rejected"]),
        new(OperateKeys.Recovery,       [Acknowledged],            Situation.Paused,                        Actor.Anyone,          Unchanged,                  "end an approved pause early", ["recovery"]),
        new(OperateKeys.ReOpen,         [Rejected],                Situation.Any,                           Actor.Creator,         [Triggered],                "edit and resubmit a rejected ticket", ["ReOpen"]),
    ];

    /// <summary>The v2 API's remark (v2.md, addRemark): a row of the same kind, outside <see cref="Rules"/> because v1 has
    /// no such operate_key. It changes nothing but the history.</summary>
    public static readonly WorkflowRule AddRemark =
        new(OperateKeys.AddRemark, [Triggered, Acknowledged, Rejected, Resolved], Situation.Any, Actor.Anyone, Unchanged,
            "add a remark to the history", ["addRemark", "addRemark", "addRemark", "addRemark"]);

    /// <summary>Every row the v2 API can run: the v1 table and <see cref="AddRemark"/>.</summary>
    public static readonly IReadOnlyList<WorkflowRule> V2Rules = [.. Rules, AddRemark];

    public static bool IsKnownOperateKey(string key) => Rules.Any(r => r.OperateKey == key);

    /// <summary>The rows whose status and situation hold now: what a console offers for this ticket.</summary>
    public static IEnumerable<WorkflowRule> Available(Ticket ticket, long now) =>
        Rules.Where(r => r.AllowedIn.Contains(ticket.Status) && Holds(r.When, ticket, now));

    /// <summary>The row that lets <paramref name="operatorId"/> run <paramref name="operateKey"/> now, or 409.</summary>
    public static WorkflowRule Authorize(Ticket ticket, string operateKey, string operatorId, long now, bool relaxActors)
    {
        if (ticket.Status == Completed)
            throw CocErrors.NotAllowed($"incident ticket {ticket.Number} is completed; no operation is allowed");

        var inStatus = V2Rules.Where(r => r.OperateKey == operateKey && r.AllowedIn.Contains(ticket.Status)).ToList();
        if (inStatus.Count == 0)
            throw CocErrors.NotAllowed($"operation {operateKey} is not allowed in status {ticket.Status}");

        var rule = inStatus.FirstOrDefault(r => Holds(r.When, ticket, now))
            ?? throw CocErrors.NotAllowed($"operation {operateKey} is not allowed now: {Explain(inStatus[0].When, ticket, now)}");

        var refusal = rule.Who switch
        {
            Actor.Assignee when !relaxActors && ticket.CurrentAssignee != operatorId =>
                $"operator {operatorId} is not the assignee of incident ticket {ticket.Number}",
            Actor.Creator when !relaxActors && ticket.Creator != operatorId =>
                $"operator {operatorId} is not the creator of incident ticket {ticket.Number}",
            Actor.NotTheRequester when ticket.Pending?.RequestedBy == operatorId =>
                $"operator {operatorId} requested this {ticket.Pending.Type} change and may not approve it",
            _ => null,
        };
        return refusal is null ? rule : throw CocErrors.NotAllowed(refusal);
    }

    public static bool Holds(Situation when, Ticket t, long now) => when switch
    {
        Situation.Any => true,
        Situation.NoPendingRequest => t.Pending is null,
        Situation.PendingRequest => t.Pending is not null,
        Situation.NotPausedNoPendingRequest => t.Pending is null && !t.IsPausedAt(now),
        Situation.Paused => t.IsPausedAt(now),
        _ => false,
    };

    private static string Explain(Situation when, Ticket t, long now) => when switch
    {
        Situation.PendingRequest => "the ticket has no pending request",
        Situation.Paused => "the ticket is not paused",
        Situation.NotPausedNoPendingRequest when t.IsPausedAt(now) => "the ticket is already paused",
        _ => $"a {t.Pending?.Type} request is pending and must be approved or refused first",
    };
}
