using System.Text.Json;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Tickets;
using Coc.Server.Auth;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.Histories;

public static class HistoryEndpoints
{
    private const int MaxFilters = FieldLimits.HistoryFilters;
    private const int MaxValues = FieldLimits.HistoryFilterValues;

    /// <summary>The one ticket type served (the real service also has issues_mgmt).</summary>
    public const string TicketType = "incident";

    public static IEndpointRouteBuilder MapHistories(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/external/{ticket_type}/list-histories", ListHistories)
            .RequirePermission(Permissions.TicketHistories).WithTags("Histories").WithName("ListHistories").WithSummary("Operation history of tickets");
        return app;
    }

    private static async Task<IResult> ListHistories(string ticket_type, HttpContext http, TicketService tickets)
    {
        if (ticket_type != TicketType)
            throw CocErrors.Invalid($"The field[ticket_type] value[{ticket_type}] invalid: only incident is supported");
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var (numbers, descending) = ParseRequest(body.RootElement);
        var entries = await tickets.HistoryAsync(Caller.Of(http).Project, numbers, http.RequestAborted);
        // Ties keep the order of the operations (entries arrive in that order; OrderBy is stable).
        var sorted = descending ? entries.OrderByDescending(e => e.At) : entries.OrderBy(e => e.At);
        var info = sorted.Select(ToWire).ToList();
        return WireResults.Ok(new HistoryListData(info.Count, info), HistoryJsonContext.Default.EnvelopeHistoryListData);
    }

    /// <summary>Only <c>ticket_id</c> filters with <c>=</c> / <c>in</c>; values OR-ed within a filter, filters AND-ed.</summary>
    private static (IReadOnlyCollection<string> Numbers, bool Descending) ParseRequest(JsonElement body)
    {
        if (!body.TryGetProperty("string_filters", out var filters) || filters.ValueKind == JsonValueKind.Null)
            throw CocErrors.Invalid("string_filters is required: give a ticket_id filter");
        if (filters.ValueKind != JsonValueKind.Array) throw CocErrors.Invalid("string_filters must be an array");
        if (filters.GetArrayLength() > MaxFilters) throw CocErrors.Invalid($"string_filters must have at most {MaxFilters} items");

        HashSet<string>? numbers = null;
        var i = 0;
        foreach (var filter in filters.EnumerateArray())
        {
            var name = $"string_filters[{i++}]";
            if (filter.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid($"{name} must be an object");
            var f = new JsonFields(filter, name + ".");
            var op = f.RequiredString("operator", FieldLimits.FilterOperator);
            var field = f.RequiredString("field");
            f.OptionalString("name");
            if (field != "ticket_id") throw CocErrors.Invalid($"{name}.field must be ticket_id (got {field})");
            if (op is not ("=" or "in")) throw CocErrors.Invalid($"{name}.operator must be = or in (got {op})");
            var values = f.OptionalStringArray("values", MaxValues) ?? throw CocErrors.Required($"{name}.values");
            numbers = numbers is null ? [.. values] : [.. numbers.Intersect(values)];
        }
        if (numbers is null) throw CocErrors.Invalid("string_filters must hold a ticket_id filter");

        var descending = false;
        if (body.TryGetProperty("sort_filter", out var sort) && sort.ValueKind != JsonValueKind.Null)
        {
            if (sort.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid("sort_filter must be an object");
            var s = new JsonFields(sort, "sort_filter.");
            var field = s.OptionalString("field");
            if (field is not (null or "" or "start_time")) throw CocErrors.Invalid($"sort_filter.field must be start_time (got {field})");
            descending = s.OptionalString("operator", FieldLimits.FilterOperator)?.ToLowerInvariant() switch
            {
                null or "" or "asc" => false,
                "desc" => true,
                var other => throw CocErrors.Invalid($"sort_filter.operator must be asc or desc (got {other})"),
            };
        }
        return (numbers, descending);
    }

    /// <summary>warrooms.md, Lifecycle: "the history entry of that operation records it".</summary>
    private static string? WarroomStartedBy(TicketChange change) => change switch
    {
        Created c => c.Initial.WarroomId,
        LevelChanged l => l.WarroomId,
        Reopened r => r.WarroomId,
        WarRoomStarted w => w.WarroomId,
        _ => null,
    };

    public static TicketHistoryInfo ToWire(HistoryEntry e)
    {
        var (zh, en) = ActionNames.Of(e.Action);
        var (targetType, targetValue) = e.Change switch
        {
            Forwarded f => ("assignee", f.Assignee),
            LevelChanged l => ("level", l.TargetLevel),
            _ => ((string?)null, (string?)null),
        };
        return new TicketHistoryInfo
        {
            Id = e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            TicketId = e.TicketNumber,
            Action = e.Action,
            Operator = e.Operator,
            Principal = e.Principal,
            Comment = e.Change.Comment,
            StartTime = e.At,
            UpdateTime = e.At,
            TargetType = targetType,
            TargetValue = targetValue,
            Status = e.ToStatus,
            ActionNameZh = zh,
            ActionNameEn = en,
            ActionId = $"{e.TicketNumber}-{e.Seq}",
            FromStatus = e.FromStatus,
            ToStatus = e.ToStatus,
            Parameter = e.ParameterJson is null ? null : JsonDocument.Parse(e.ParameterJson).RootElement.Clone(),
            WarroomStarted = WarroomStartedBy(e.Change),
        };
    }
}
