using System.Runtime.CompilerServices;

namespace Coc.Client;

// v2 incidents (v2.md): list with filters, tasks, actions, histories.
public sealed partial class CocClient
{
    public async Task<ListV2Data> ListIncidentsV2Async(ListIncidentsV2Request request, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, "/v2/incidents/list", Json(request, CocClientJsonContext.Default.ListIncidentsV2Request),
            IncidentV2JsonContext.Default.EnvelopeListV2Data, cancellationToken).ConfigureAwait(false))!;

    /// <summary>Every ticket the request's filters match, page after page from page 1 (<c>per_page</c> default 100).</summary>
    public async IAsyncEnumerable<System.Text.Json.Nodes.JsonObject> ListAllIncidentsV2Async(
        ListIncidentsV2Request request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var perPage = request.PerPage ?? 100;
        for (var page = 1; ; page++)
        {
            var data = await ListIncidentsV2Async(request with { Page = page, PerPage = perPage }, cancellationToken).ConfigureAwait(false);
            foreach (var ticket in data.Tickets) yield return ticket;
            if (data.Tickets.Count < perPage) yield break;
        }
    }

    /// <summary>The ticket's current tasks and the v2 actions each offers.</summary>
    public async Task<IReadOnlyList<TaskDetail>> GetIncidentTasksAsync(string incidentNum, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, $"/v2/incidents/{Escape(incidentNum)}/tasks", null,
            IncidentV2JsonContext.Default.EnvelopeIReadOnlyListTaskDetail, cancellationToken).ConfigureAwait(false)) ?? [];

    /// <summary>One v2 action (<c>{task_id, action, params}</c>); a stale task id is a 409.</summary>
    public Task HandleIncidentActionAsync(string incidentNum, IncidentActionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"/v2/incidents/{Escape(incidentNum)}/actions", Json(request, CocClientJsonContext.Default.IncidentActionRequest),
            WireJsonContext.Default.EnvelopeObject, cancellationToken);

    public async Task<HistoriesV2Data> ListIncidentHistoriesV2Async(
        string incidentNum, IncidentHistoriesV2Request? request = null, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, $"/v2/incidents/{Escape(incidentNum)}/histories",
            Json(request ?? new IncidentHistoriesV2Request(), CocClientJsonContext.Default.IncidentHistoriesV2Request),
            IncidentV2JsonContext.Default.EnvelopeHistoriesV2Data, cancellationToken).ConfigureAwait(false))!;
}
