using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Reference;
using Coc.Core.Storage;
using Coc.Core.Tickets;
using Coc.Core.Tickets.V2.Filters;
using Coc.Server.Auth;
using Coc.Server.Features.Incidents;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.IncidentsV2;

/// <summary><c>POST /v2/incidents/list</c> (v2.md, List): the filter language as indexed SQL.</summary>
public static class ListV2Endpoints
{
    public const int MaxPage = 1_000_000;
    public const int MaxPerPage = 200;
    public const int DefaultPerPage = 10;
    /// <summary><c>contain_all</c> answers at most this many (the API definition's maxItems).</summary>
    public const int MaxAll = 1000;
    public const int MaxFields = 100;
    public const int MaxCountFilters = 10;
    public const int MaxCountFilterItems = 10;

    private static readonly FilterReader Reader = new(TicketFields.All);
    private static readonly HashSet<string> ItemKeys = [.. TicketFields.All.Select(f => f.Name), "phase", "enum_data_list"];

    public static RouteGroupBuilder MapListV2(this RouteGroupBuilder group)
    {
        group.MapPost("/list", List)
            .RequirePermission(Permissions.TicketList).WithName("ListIncidentsV2").WithSummary("List tickets with the v2 filter language");
        return group;
    }

    private static async Task<IResult> List(HttpContext http, ITicketSearch search, TicketService tickets)
    {
        using var body = await RequestBody.ReadOptionalJsonObjectAsync(http.Request, http.RequestAborted);
        var root = body.RootElement;
        var f = new JsonFields(root);
        if (root.TryGetProperty("group_by_filter", out var group) && group.ValueKind != JsonValueKind.Null)
            throw CocErrors.Invalid("group_by_filter is not supported");
        foreach (var type in f.OptionalStringArray("ticket_types", int.MaxValue) ?? [])
            if (type != "incident") throw CocErrors.InvalidValue("ticket_types", type);
        var fields = Fields(f);
        var counts = CountFilters(root);
        var where = Reader.Where(root);
        var sort = Reader.Sort(root);
        var page = f.OptionalInteger("page", 1, MaxPage) ?? 1;
        var perPage = f.OptionalInteger("per_page", 1, MaxPerPage) ?? DefaultPerPage;
        var countTotal = f.OptionalBoolean("contain_total") ?? true;
        var all = f.OptionalBoolean("contain_all") ?? false;
        f.OptionalBoolean("contain_sub_ticket"); // accepted, no effect: there are no sub-tickets

        var query = all
            ? new TicketSearch(where, sort, 0, MaxAll, countTotal, counts)
            : new TicketSearch(where, sort, (page - 1) * perPage, (int)perPage, countTotal, counts);
        var result = await search.SearchAsync(Caller.Of(http).Project, query, http.RequestAborted);
        var reference = tickets.Rules.Reference;
        var items = result.Rows.Select(r => Item(r, reference, fields)).ToList();
        return WireResults.Ok(new ListV2Data(result.Total, items, result.Counts), IncidentV2JsonContext.Default.EnvelopeListV2Data);
    }

    private static HashSet<string>? Fields(JsonFields f)
    {
        var names = f.OptionalStringArray("fields", MaxFields);
        if (names is null || names.Count == 0) return null;
        foreach (var name in names)
            if (!ItemKeys.Contains(name)) throw CocErrors.InvalidValue("fields", name);
        return [.. names, "ticket_id"];
    }

    private static List<IReadOnlyList<Filter>> CountFilters(JsonElement root)
    {
        if (!root.TryGetProperty("count_filters", out var list) || list.ValueKind == JsonValueKind.Null) return [];
        if (list.ValueKind != JsonValueKind.Array) throw CocErrors.Invalid("count_filters must be an array");
        if (list.GetArrayLength() > MaxCountFilters) throw CocErrors.Invalid($"count_filters must have at most {MaxCountFilters} items");
        var result = new List<IReadOnlyList<Filter>>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"count_filters[{i++}]";
            if (item.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid($"{path} must be an object");
            new JsonFields(item, path + ".").OptionalString("name", FilterReader.MaxName);
            result.Add(Reader.List(item, "filters", MaxCountFilterItems, path + "."));
        }
        return result;
    }

    /// <summary><c>CocIncidentDataV2</c>: every scalar a string (the SDK's types), every key present unless <c>fields</c> narrows them.</summary>
    private static JsonObject Item(TicketSearchRow row, ReferenceData reference, HashSet<string>? fields)
    {
        var t = row.Ticket;
        var all = new (string Key, JsonNode? Value)[]
        {
            ("ticket_id", t.Number), ("title", t.Title), ("description", t.Description), ("level_id", t.Level),
            ("mtm_type", t.Type), ("source_id", t.Source), ("work_flow_status", t.Status), ("incident_ownership", t.Ownership),
            ("assignee", t.CurrentAssignee), ("creator", t.Creator), ("operator", row.LastOperator),
            ("current_cloud_service_id", JsonFields.FirstValue(t.CurrentCloudService)),
            ("enterprise_project_id", JsonFields.FirstValue(t.EnterpriseProject)), ("mtm_region", JsonFields.FirstValue(t.Region)),
            ("forward_rule_id", null), ("is_service_interrupt", t.IsServiceInterrupt ? "true" : "false"),
            ("create_time", Time(t.CreateTime)), ("update_time", Time(row.UpdateTime)), ("start_time", Time(t.StartTime)),
            ("handle_time", Time(t.HandleTime)), ("phase", Phase(t.Status)),
            ("enum_data_list", new JsonArray([.. IncidentPresenter.EnumDataList(t, reference).Select(e => (JsonNode?)new JsonObject
            {
                ["prop_id"] = e.FiledKey, ["biz_id"] = e.EnumKey, ["filed_key"] = e.FiledKey, ["enum_key"] = e.EnumKey,
                ["name_zh"] = e.NameZh, ["name_en"] = e.NameEn,
            })])),
        };
        var item = new JsonObject();
        foreach (var (key, value) in all)
            if (fields is null || fields.Contains(key)) item[key] = value;
        return item;
    }

    private static JsonNode? Time(long? ms) => ms?.ToString(CultureInfo.InvariantCulture);

    private static string? Phase(string status) => status switch
    {
        TicketStatus.Triggered => "phase_incident_create",
        TicketStatus.Acknowledged => "phase_incident_handle",
        TicketStatus.Resolved => "phase_incident_verify",
        TicketStatus.Rejected => "phase_incident_reject",
        TicketStatus.Completed => "phase_incident_close",
        _ => null,
    };
}
