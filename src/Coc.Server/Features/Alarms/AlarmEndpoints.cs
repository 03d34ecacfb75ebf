using System.Globalization;
using Coc.Core.Alarms;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Storage;
using Coc.Server.Auth;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.Alarms;

/// <summary>The alarm API of alarms.md: answers without the envelope on success, errors in it.</summary>
public static class AlarmEndpoints
{
    private const string Base = "/v1/alarm-mgmt";

    public static IEndpointRouteBuilder MapAlarms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Alarms");
        group.MapGet(Base + "/alarm/{alarm_id}", Show).RequirePermission(Permissions.AlarmGet)
            .WithName("ShowAlarm").WithSummary("One alarm");
        group.MapPost(Base + "/alarms/cancel", Clear).RequirePermission(Permissions.AlarmClear)
            .WithName("ClearAlarm").WithSummary("Clear alarms (resolved by hand)");
        group.MapGet(Base + "/alarm/{alarm_id}/handle-histories", HandleHistories).RequirePermission(Permissions.AlarmHandleHistories)
            .WithName("ListAlarmHandleHistories").WithSummary("An alarm's handle histories, newest first");
        group.MapPost(Base + "/alarm/{alarm_id}/auto-process", AutoProcess).RequirePermission(Permissions.InstanceExecuteDocument)
            .WithName("HandlerAlarm").WithSummary("Record an auto-process request (nothing is executed)");
        group.MapPost(Base + "/alarms-linked-incident", LinkIncident).RequirePermission(Permissions.AlarmLinkIncident)
            .WithName("TransferAlarmToIncident").WithSummary("Create an incident for alarms and link them");
        group.MapGet(Base + "/alarms", List).RequirePermission(Permissions.AlarmList)
            .WithName("ListAlarms").WithSummary("Alarms, newest first, with filters");
        return app;
    }

    /// <summary>Who acts, as alarm records name them: the credential's person, else the access key or user name.</summary>
    public static string Actor(Caller caller) => caller.Person ?? caller.Principal[(caller.Principal.IndexOf(':') + 1)..];

    private static string AlarmId(HttpContext http) => http.Request.RouteValues["alarm_id"] as string ?? "";

    private static async Task<IResult> Show(HttpContext http, AlarmService alarms)
    {
        var alarm = await alarms.GetAsync(Caller.Of(http).Project, AlarmId(http), http.RequestAborted);
        return WireResults.Json(new AlarmAnswer(AlarmInfo.Of(alarm, alarms.Rules.Reference.Directory)), AlarmJsonContext.Default.AlarmAnswer);
    }

    private static async Task<IResult> Clear(HttpContext http, AlarmService alarms)
    {
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var caller = Caller.Of(http);
        var cleared = await alarms.ClearAsync(caller.Project, body.RootElement, Actor(caller), caller.Principal, http.RequestAborted);
        return WireResults.Json(new AlarmIdsAnswer(cleared), AlarmJsonContext.Default.AlarmIdsAnswer);
    }

    private static async Task<IResult> HandleHistories(HttpContext http, AlarmService alarms)
    {
        var q = http.Request.Query;
        var offset = Required(q, "offset", 0, int.MaxValue);
        var limit = (int)Required(q, "limit", 1, 1000);
        var (alarm, page) = await alarms.HandleHistoryAsync(Caller.Of(http).Project, AlarmId(http), offset, limit, http.RequestAborted);
        return WireResults.Json(new HandleHistoriesAnswer(page.Count, [.. page.Entries.Select(AlarmPresenter.Entry)], AlarmPresenter.Resolved(alarm)),
            AlarmJsonContext.Default.HandleHistoriesAnswer);
    }

    private static async Task<IResult> AutoProcess(HttpContext http, AlarmService alarms)
    {
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var caller = Caller.Of(http);
        var workOrder = await alarms.AutoProcessAsync(caller.Project, AlarmId(http), body.RootElement, Actor(caller), http.RequestAborted);
        return WireResults.Json(new WorkOrderAnswer(workOrder), AlarmJsonContext.Default.WorkOrderAnswer);
    }

    private static async Task<IResult> LinkIncident(HttpContext http, AlarmService alarms)
    {
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var caller = Caller.Of(http);
        var (ids, number) = await alarms.LinkToNewIncidentAsync(caller.Project, body.RootElement, Actor(caller), caller.Principal, http.RequestAborted);
        return WireResults.Json(new LinkedIncidentAnswer(ids, number), AlarmJsonContext.Default.LinkedIncidentAnswer);
    }

    private static async Task<IResult> List(HttpContext http, AlarmService alarms)
    {
        var q = http.Request.Query;
        var status = QueryText.Optional(q, "status");
        if (status is not (null or Alarm.Alarming or Alarm.Resolved)) throw CocErrors.Invalid("status must be alarming or resolved");
        var importances = QueryText.Optional(q, "importance")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var i in importances ?? [])
            if (!Importance.IsKnown(i)) throw CocErrors.Invalid($"importance must be a comma list of {string.Join(", ", Importance.All)}");
        var query = new AlarmQuery
        {
            Offset = Optional(q, "offset", 0, int.MaxValue) ?? 0,
            Limit = (int)(Optional(q, "limit", 1, 1000) ?? 50),
            Status = status,
            Importances = importances,
            IntegrationId = QueryText.Optional(q, "integration_id"),
            IncidentNum = QueryText.Optional(q, "incident_num"),
            Text = QueryText.Optional(q, "q"),
            CreatedAfter = Optional(q, "created_after", 0, JsonFields.MaxTime),
            CreatedBefore = Optional(q, "created_before", 0, JsonFields.MaxTime),
        };
        var page = await alarms.ListAsync(Caller.Of(http).Project, query, http.RequestAborted);
        var directory = alarms.Rules.Reference.Directory;
        return WireResults.Json(new AlarmListAnswer(page.Count, [.. page.Alarms.Select(a => AlarmInfo.Of(a, directory))]),
            AlarmJsonContext.Default.AlarmListAnswer);
    }

    private static long Required(IQueryCollection q, string name, long min, long max) =>
        Optional(q, name, min, max) ?? throw CocErrors.Required(name);

    private static long? Optional(IQueryCollection q, string name, long min, long max)
    {
        var raw = q[name].ToString();
        if (raw.Length == 0) return null;
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw CocErrors.Invalid($"{name} must be an integer from {min} to {max}");
        return value;
    }
}
