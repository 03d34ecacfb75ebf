using System.Globalization;
using System.Text.Json;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Core.Reference;
using Coc.Core.Tickets;
using Coc.Core.Tickets.V2.Filters;
using Coc.Server.Auth;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.IncidentsV2;

/// <summary><c>POST /v2/incidents/{incident_id}/histories</c> (v2.md, Histories): one ticket's history, filtered.</summary>
public static class HistoryV2Endpoints
{
    /// <summary>The creation entry as v2 shows it (v1 shows <c>create</c>); filters compare with the shown value.</summary>
    public const string CreateAction = "create_incident";
    public const int MaxEntries = 1000;

    private static readonly FilterField Action = new("action", FieldKind.Key);
    private static readonly FilterField Operator = new("operator", FieldKind.Key);
    private static readonly FilterField Status = new("status", FieldKind.Key);
    private static readonly FilterField StartTime = new("start_time", FieldKind.Time, Sortable: true);
    private static readonly FilterReader Reader = new([Action, Operator, Status, StartTime]);
    private static readonly string[] Unsupported = ["fields", "count_filters", "group_by_filter"];

    public static RouteGroupBuilder MapHistoriesV2(this RouteGroupBuilder group)
    {
        group.MapPost("/{incident_id}/histories", Histories)
            .RequirePermission(Permissions.TicketHistories).WithName("ListIncidentsHistories").WithSummary("The ticket's history, filtered");
        return group;
    }

    private static async Task<IResult> Histories(string incident_id, HttpContext http, TicketService tickets)
    {
        var number = IncidentV2Endpoints.IncidentId(incident_id);
        using var body = await RequestBody.ReadOptionalJsonObjectAsync(http.Request, http.RequestAborted);
        var root = body.RootElement;
        foreach (var name in Unsupported)
            if (root.TryGetProperty(name, out var v) && v.ValueKind switch
                { JsonValueKind.Null => false, JsonValueKind.Array => v.GetArrayLength() > 0, JsonValueKind.Object => v.EnumerateObject().Any(), _ => true })
                throw CocErrors.Invalid($"{name} is not supported");
        var where = Reader.Where(root);
        var sort = Reader.Sort(root);

        var project = Caller.Of(http).Project;
        var ticket = await tickets.GetAsync(project, number, http.RequestAborted);
        var entries = (await tickets.HistoryAsync(project, [ticket.Number], http.RequestAborted))
            .Where(e => InMemoryFilter.Matches(where, f => ValueOf(f, e))).OrderBy(e => e.Seq).ToList();
        IEnumerable<HistoryEntry> ordered = sort is { Descending: true } ? entries.OrderByDescending(e => e.At) : entries.OrderBy(e => e.At);
        var directory = tickets.Rules.Reference.Directory;
        var info = ordered.Take(MaxEntries).Select(e => ToWire(e, directory)).ToList();
        return WireResults.Ok(new HistoriesV2Data(entries.Count, info), IncidentV2JsonContext.Default.EnvelopeHistoriesV2Data);
    }

    private static string ShownAction(HistoryEntry e) => e.Action == OperateKeys.Create ? CreateAction : e.Action;

    private static string? ValueOf(FilterField field, HistoryEntry e) => field.Name switch
    {
        "action" => ShownAction(e),
        "operator" => e.Operator,
        "status" => e.ToStatus,
        "start_time" => e.At.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static HistoryEntryV2 ToWire(HistoryEntry e, PeopleDirectory directory)
    {
        var (zh, en) = ActionNames.Of(e.Action);
        var at = e.At.ToString(CultureInfo.InvariantCulture);
        return new HistoryEntryV2(ShownAction(e), zh, en, e.Operator, e.ToStatus, at, at, e.Change.Comment,
            [EnumDataV2.Of("operator", e.Operator, directory.PersonName(e.Operator))]);
    }
}
