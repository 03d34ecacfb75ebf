using System.Text.Json;
using Coc.Core.Errors;

namespace Coc.Core.Tickets.V2;

/// <summary>A v2 action as the endpoint read it: <c>Params</c> is the <c>params</c> object (null when absent).</summary>
public sealed record IncidentAction(string IncidentId, string TaskId, string Action, JsonElement? Params, string Operator, string Principal);

/// <summary>The v2 tasks and actions (v2.md) over <see cref="TicketService"/>: one ticket, one history, two APIs.</summary>
public sealed class IncidentActions(TicketService tickets)
{
    public async Task<IReadOnlyList<TicketTask>> TasksAsync(string project, string number, CancellationToken ct = default)
    {
        var ticket = await tickets.GetAsync(project, number, ct);
        return await TasksOfAsync(project, ticket, tickets.Now, ct);
    }

    /// <summary>Checked in v2.md's order: action known → ticket exists → task current and offering the action →
    /// the v1 operation's own checks (status, request, operator, then params).</summary>
    public Task ActAsync(string project, IncidentAction action, CancellationToken ct = default)
    {
        var operateKey = V2ActionKeys.OperateKeyOf(action.Action) ?? throw CocErrors.InvalidValue("action", action.Action);
        var request = new HandleRequest(action.IncidentId, action.Operator, operateKey, V2Params.Normalize(action.Params), action.Principal, "params");
        return tickets.HandleTaskAsync(project, request, async (ticket, now, token) =>
        {
            var tasks = await TasksOfAsync(project, ticket, now, token);
            if (!tasks.Any(t => t.TaskId == action.TaskId && t.Operations.Any(o => V2ActionKeys.Names(action.Action, o))))
                throw CocErrors.NotAllowed($"task_id[{action.TaskId}] is not current for action[{action.Action}]");
        }, ct);
    }

    private async Task<IReadOnlyList<TicketTask>> TasksOfAsync(string project, Ticket ticket, long now, CancellationToken ct)
    {
        if (ticket.Status == TicketStatus.Completed) return [];
        var history = await tickets.HistoryAsync(project, [ticket.Number], ct);
        return TicketTasks.Of(ticket, history, now);
    }
}
