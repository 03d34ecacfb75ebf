using System.Text.Json;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Tickets;
using Coc.Core.Tickets.V2;
using Coc.Server.Auth;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.IncidentsV2;

/// <summary>The v2 incident API (v2.md): a second view of the same tickets, workflow table and history as v1.</summary>
public static class IncidentV2Endpoints
{
    private const string Base = "/v2/incidents";
    private const int IdMax = 50;
    private const int TaskFieldMax = 100;
    private const int MaxParams = 1024;

    public static IEndpointRouteBuilder MapIncidentsV2(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Base).WithTags("Incidents v2");
        group.MapGet("/{incident_id}/tasks", Tasks)
            .RequirePermission(Permissions.TicketListActions).WithName("ShowIncidentTask").WithSummary("The ticket's current tasks and their operations");
        group.MapPost("/{incident_id}/actions", Act)
            .RequirePermission(Permissions.TicketAction).WithName("HandleIncidentV2").WithSummary("Run one operation of a current task");
        group.MapHistoriesV2();
        group.MapListV2();
        return app;
    }

    private static async Task<IResult> Tasks(string incident_id, HttpContext http, IncidentActions actions)
    {
        var tasks = await actions.TasksAsync(Caller.Of(http).Project, IncidentId(incident_id), http.RequestAborted);
        var data = tasks.Select(t => new TaskDetail(t.Type, t.Key, t.NameZh, t.State,
            [.. t.Operations.Select(o => Operation(t.TaskId, o))], t.NameEn)).ToList();
        return WireResults.Ok<IReadOnlyList<TaskDetail>>(data, IncidentV2JsonContext.Default.EnvelopeIReadOnlyListTaskDetail);
    }

    private static TaskOperationData Operation(string taskId, TaskOperation o)
    {
        var (zh, en) = ActionNames.Of(o.Rule.OperateKey);
        return new TaskOperationData(taskId, o.Key, zh, en);
    }

    private static async Task<IResult> Act(string incident_id, HttpContext http, IncidentActions actions, TicketService tickets)
    {
        var number = IncidentId(incident_id);
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var f = new JsonFields(body.RootElement);
        var taskId = f.RequiredString("task_id", TaskFieldMax);
        var action = f.RequiredString("action", TaskFieldMax).Trim();
        if (action.Length == 0) throw CocErrors.Required("action");
        JsonElement? parameters = null;
        if (body.RootElement.TryGetProperty("params", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid("params must be an object");
            if (p.EnumerateObject().Count() > MaxParams) throw CocErrors.Invalid($"params must have at most {MaxParams} keys");
            parameters = p;
        }
        // An added field [ours]: the console names its acting person as v1's handle does, under v1's rule.
        var named = f.OptionalString("operator") is { Length: > 0 } o ? o : null;
        var caller = Caller.Of(http);
        caller.EnsureMayActAs("operator", named);
        await actions.ActAsync(caller.Project,
            new IncidentAction(number, taskId, action, parameters, named ?? ActingPerson(caller, tickets.Rules.Emulator), caller.Principal),
            http.RequestAborted);
        return WireResults.OkNoData();
    }

    /// <summary>Without the added <c>operator</c>, v2 names none: it is the person bound to the credential (v2.md, Operator); in emulator mode, else the
    /// credential itself.</summary>
    private static string ActingPerson(Caller caller, bool emulator)
    {
        if (caller.Person is null && !emulator)
            throw CocErrors.Forbidden($"{caller.Principal} is bound to no person; a v2 action acts as the credential's person "
                + "(admin create-key --person <id>)");
        return caller.PersonOrCredential;
    }

    public static string IncidentId(string id) =>
        id.Length is 0 or > IdMax ? throw CocErrors.Invalid($"incident_id must be 1 to {IdMax} characters") : id;
}
