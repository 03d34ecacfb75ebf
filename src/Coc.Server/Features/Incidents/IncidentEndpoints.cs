using System.Text.Json;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Storage;
using Coc.Core.Tickets;
using Coc.Server.Auth;
using Coc.Server.Http;
using Coc.Server.Wire;
using Microsoft.AspNetCore.Http.Features;

namespace Coc.Server.Features.Incidents;

public static class IncidentEndpoints
{
    private const string Base = "/v1/external/incident";

    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Incidents");

        group.MapPost($"{Base}/create", Create)
            .RequirePermission(Permissions.TicketCreate).WithName("CreateIncident").WithSummary("Create an incident ticket");

        group.MapGet(Base + "/{incident_num:" + TicketNumberConstraint.Name + "}", Details)
            .RequirePermission(Permissions.TicketGet).WithName("ShowIncident").WithSummary("Incident ticket details");

        group.MapPost($"{Base}/handle", Handle)
            .RequirePermission(Permissions.TicketAction).WithName("HandleIncident").WithSummary("Run one workflow operation on a ticket");

        group.MapGet("/v1/incident-tickets", List)
            .RequirePermission(Permissions.TicketList).WithName("ListIncidents").WithSummary("List tickets, newest first (offset is a page number)");

        return app;
    }

    private static async Task<IResult> Create(HttpContext http, TicketService tickets)
    {
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var caller = Caller.Of(http);
        // The creator is the create's acting person; its shape is checked with the rest of the body.
        if (body.RootElement.TryGetProperty("creator", out var creator) && creator.ValueKind == JsonValueKind.String && creator.GetString() is { Length: > 0 } named)
            caller.EnsureMayActAs("creator", named);
        var number = await tickets.CreateAsync(caller.Project, body.RootElement, IdempotencyKey(http), caller.Principal, http.RequestAborted);
        return WireResults.Ok(new CreateIncidentData(number), IncidentJsonContext.Default.EnvelopeCreateIncidentData);
    }

    private static async Task Details(HttpContext http, TicketService tickets, RenderedDetails rendered, Coc.Core.Alarms.AlarmService alarms)
    {
        var number = RawTicketNumber(http);
        var project = Caller.Of(http).Project;
        var (ticket, files) = await tickets.GetWithAttachmentsAsync(project, number, http.RequestAborted);
        if (ticket.HasAlarms)
        {
            // The alarms change without the ticket (they resolve): read each time, never from the rendered bodies.
            var linked = await alarms.AlarmsOfIncidentAsync(project, ticket.Number, http.RequestAborted);
            var withAlarms = IncidentPresenter.Details(ticket, files, tickets.Rules.Reference, tickets.Now) with
            {
                Alarms = [.. linked.Select(a => new Coc.Core.Contracts.Alarms.LinkedAlarm(a.Id, a.Name, a.Importance, a.Status))],
            };
            await WireJsonWriter.WriteAsync(http.Response,
                WireJsonWriter.ToUtf8Bytes(Envelope<IncidentDetails>.Ok(withAlarms), IncidentJsonContext.Default.EnvelopeIncidentDetails));
            return;
        }
        var body = rendered.Find(ticket, files);
        if (body is null)
        {
            var details = IncidentPresenter.Details(ticket, files, tickets.Rules.Reference, tickets.Now);
            body = WireJsonWriter.ToUtf8Bytes(Envelope<IncidentDetails>.Ok(details), IncidentJsonContext.Default.EnvelopeIncidentDetails);
            rendered.Remember(ticket, files, body);
        }
        await WireJsonWriter.WriteAsync(http.Response, body);
    }

    private static async Task<IResult> Handle(HttpContext http, TicketService tickets)
    {
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var f = new JsonFields(body.RootElement);
        var incidentNum = f.RequiredString("incident_num");
        var operatorId = f.RequiredString("operator");
        var operateKey = f.RequiredString("operate_key");
        JsonElement? parameter = null;
        if (body.RootElement.TryGetProperty("parameter", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid("parameter must be an object");
            parameter = p;
        }
        var caller = Caller.Of(http);
        caller.EnsureMayActAs("operator", operatorId);
        await tickets.HandleAsync(caller.Project, new HandleRequest(incidentNum, operatorId, operateKey, parameter, caller.Principal),
            IdempotencyKey(http), body.RootElement, http.RequestAborted);
        return WireResults.OkNoData();
    }

    private static string? IdempotencyKey(HttpContext http) =>
        http.Request.Headers.TryGetValue("Idempotency-Key", out var key) ? key.ToString() : null;

    private static async Task<IResult> List(HttpContext http, TicketService tickets)
    {
        var query = IncidentListQuery.Read(http.Request.Query, tickets.Rules.Reference);
        var extended = IncidentListQuery.Extended(http.Request.Query);
        var page = await tickets.ListAsync(Caller.Of(http).Project, query, http.RequestAborted);
        var data = new IncidentListData(page.Total,
            page.Tickets.Select(t => extended ? IncidentPresenter.Simple(t) with { Triage = IncidentPresenter.Triage(t, tickets.Now) } : IncidentPresenter.Simple(t)).ToList());
        return WireResults.Ok(data, IncidentJsonContext.Default.EnvelopeIncidentListData);
    }

    /// <summary>
    /// The ticket number as the client encoded it: routing leaves <c>%2F</c> undecoded, so the last raw path
    /// segment is decoded here, once.
    /// </summary>
    private static string RawTicketNumber(HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target ? target : http.Request.Path.ToUriComponent();
        var path = raw.Split('?', 2)[0];
        var segment = path[(path.LastIndexOf('/') + 1)..];
        return Uri.UnescapeDataString(segment);
    }
}
