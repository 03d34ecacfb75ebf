using System.Text.Json.Serialization;
using Coc.Core.Auth;
using Coc.Core.Storage.Tickets;
using Coc.Core.Tickets;
using Coc.Server.Auth;
using Coc.Server.Wire;

namespace Coc.Server.Features.Dashboard;

/// <summary>The console dashboard's numbers [ours]: <c>GET /v1/incident-tickets/statistics</c>, permission coc:ticket:list.</summary>
public static class StatisticsEndpoints
{
    public const string Path = "/v1/incident-tickets/statistics";

    public static IEndpointRouteBuilder MapStatistics(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Statistics).WithTags("Incidents")
            .RequirePermission(Permissions.TicketList).WithName("IncidentStatistics")
            .WithSummary("Counts by status and level; MTTA and MTTR by level over the last 7 and 30 days");
        return app;
    }

    private static async Task<IResult> Statistics(HttpContext http, SqlTicketStatistics statistics, TicketService tickets)
    {
        var levels = tickets.Rules.Reference.Catalog.Levels.Entries.Select(e => e.Key).ToList();
        var stats = await statistics.ReadAsync(Caller.Of(http).Project, levels, tickets.Now, http.RequestAborted);
        var data = new StatisticsData(
            [.. stats.Counts.Select(c => new CountData(c.Status, c.Level, c.Count))],
            [.. stats.Windows.Select(w => new WindowData(w.Days, w.Since, w.Until,
                [.. w.Levels.Select(l => new LevelData(l.Level, l.Created, l.Accepted, l.MttaMs, l.Completed, l.MttrMs))]))]);
        return WireResults.Ok(data, StatisticsJsonContext.Default.EnvelopeStatisticsData);
    }
}

public sealed record StatisticsData(
    [property: JsonPropertyName("counts")] IReadOnlyList<CountData> Counts,
    [property: JsonPropertyName("windows")] IReadOnlyList<WindowData> Windows);

public sealed record CountData(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("count")] long Count);

public sealed record WindowData(
    [property: JsonPropertyName("days")] int Days,
    [property: JsonPropertyName("since")] long Since,
    [property: JsonPropertyName("until")] long Until,
    [property: JsonPropertyName("levels")] IReadOnlyList<LevelData> Levels);

public sealed record LevelData(
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("accepted")] long Accepted,
    [property: JsonPropertyName("mtta_ms")] long? MttaMs,
    [property: JsonPropertyName("completed")] long Completed,
    [property: JsonPropertyName("mttr_ms")] long? MttrMs);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Envelope<StatisticsData>))]
public sealed partial class StatisticsJsonContext : JsonSerializerContext;
