using Coc.Core.Errors;
using static Coc.Core.Tickets.TicketStatus;

namespace Coc.Core.Tickets;

/// <summary>What else, beside the status, must hold for an operation (workflow.md, "allowed in").</summary>
public enum Situation { Any, NoPendingRequest, PendingRequest, NotPausedNoPendingRequest, Paused }

/// <summary>Who may run an operation. In emulator mode Assignee and Creator relax to "any operator";
/// NotTheRequester holds in every mode.</summary>
public enum Actor { Anyone, Assignee, Creator, NotTheRequester }

public sealed record WorkflowRule(
    string OperateKey, IReadOnlyList<string> AllowedIn, Situation When, Actor Who, IReadOnlyList<string> LeadsTo, string Meaning);

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
        //  operate_key                   allowed in                 situation                               who may act            leads to                    meaning
        new(OperateKeys.Accept,         [Triggered],               Situation.Any,                           Actor.Assignee,        [Acknowledged],             "accept the ticket"),
        new(OperateKeys.CommitSolution, [Acknowledged],            Situation.NoPendingRequest,              Actor.Anyone,          [Resolved],                 "submit a solution"),
        new(OperateKeys.Confirm,        [Resolved],                Situation.Any,                           Actor.Anyone,          [Completed, Acknowledged],  "verify the result: true completes, false returns it to the assignee"),
        new(OperateKeys.Forward,        [Triggered, Acknowledged], Situation.NoPendingRequest,              Actor.Anyone,          [Triggered],                "hand the ticket to another person or shift"),
        new(OperateKeys.Pause,          [Acknowledged],            Situation.NotPausedNoPendingRequest,     Actor.Anyone,          Unchanged,                  "ask to suspend handling (opens a pause request)"),
        new(OperateKeys.ChangeLevel,    [Acknowledged],            Situation.NoPendingRequest,              Actor.Anyone,          Unchanged,                  "escalate at once, or ask to de-escalate (opens a level request)"),
        new(OperateKeys.Agreed,         [Acknowledged],            Situation.PendingRequest,                Actor.NotTheRequester, Unchanged,                  "approve the pending request"),
        new(OperateKeys.Agreed,         [Rejected],                Situation.Any,                           Actor.Creator,         [Completed],                "accept the rejection and close the ticket"),
        new(OperateKeys.Rejected,       [Acknowledged],            Situation.PendingRequest,                Actor.Anyone,          Unchanged,                  "refuse (or withdraw) the pending request"),
        new(OperateKeys.Rejected,       [Triggered],               Situation.Any,                           Actor.Assignee,        [Rejected],                 "decline the unaccepted ticket"),
        new(OperateKeys.Recovery,       [Acknowledged],            Situation.Paused,                        Actor.Anyone,          Unchanged,                  "end an approved pause early"),
        new(OperateKeys.ReOpen,         [Rejected],                Situation.Any,                           Actor.Creator,         [Triggered],                "edit and resubmit a rejected ticket"),
    ];

    public static bool IsKnownOperateKey(string key) => Rules.Any(r => r.OperateKey == key);

    /// <summary>The rows whose status and situation hold now: what a console offers for this ticket.</summary>
    public static IEnumerable<WorkflowRule> Available(Ticket ticket, long now) =>
        Rules.Where(r => r.AllowedIn.Contains(ticket.Status) && Holds(r.When, ticket, now));

    /// <summary>The row that lets <paramref name="operatorId"/> run <paramref name="operateKey"/> now, or 409.</summary>
    public static WorkflowRule Authorize(Ticket ticket, string operateKey, string operatorId, long now, bool relaxActors)
    {
        if (ticket.Status == Completed)
            throw CocErrors.NotAllowed($"incident ticket {ticket.Number} is completed; no operation is allowed");

        var inStatus = Rules.Where(r => r.OperateKey == operateKey && r.AllowedIn.Contains(ticket.Status)).ToList();
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

    private static bool Holds(Situation when, Ticket t, long now) => when switch
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
