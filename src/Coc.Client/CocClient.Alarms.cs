using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Coc.Core.Alarms;

namespace Coc.Client;

// Alarms (alarms.md): successes of /v1/alarm-mgmt/* carry no envelope. Event ingestion authenticates by the key in the path.
public sealed partial class CocClient
{
    public async Task<AlarmInfo> GetAlarmAsync(string alarmId, CancellationToken cancellationToken = default) =>
        (await SendPlainAsync(HttpMethod.Get, "/v1/alarm-mgmt/alarm/" + Escape(alarmId), null, AlarmJsonContext.Default.AlarmAnswer,
            cancellationToken).ConfigureAwait(false)).Data;

    /// <summary>Clears alarms (<c>{alarm_ids: "a,b", remarks?, …}</c>); returns the ids cleared.</summary>
    public async Task<IReadOnlyList<string>> CancelAlarmsAsync(JsonObject request, CancellationToken cancellationToken = default) =>
        (await SendPlainAsync(HttpMethod.Post, "/v1/alarm-mgmt/alarms/cancel", Json(request, CocClientJsonContext.Default.JsonObject),
            AlarmJsonContext.Default.AlarmIdsAnswer, cancellationToken).ConfigureAwait(false)).Data;

    public Task<HandleHistoriesAnswer> ListAlarmHandleHistoriesAsync(string alarmId, int offset = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        SendPlainAsync(HttpMethod.Get, $"/v1/alarm-mgmt/alarm/{Escape(alarmId)}/handle-histories" + Query(("limit", limit), ("offset", offset)), null,
            AlarmJsonContext.Default.HandleHistoriesAnswer, cancellationToken);

    /// <summary>Records an auto-process request (nothing is executed); returns the work order id.</summary>
    public async Task<string> AutoProcessAlarmAsync(string alarmId, JsonObject request, CancellationToken cancellationToken = default) =>
        (await SendPlainAsync(HttpMethod.Post, $"/v1/alarm-mgmt/alarm/{Escape(alarmId)}/auto-process", Json(request, CocClientJsonContext.Default.JsonObject),
            AlarmJsonContext.Default.WorkOrderAnswer, cancellationToken).ConfigureAwait(false)).Data;

    /// <summary>Turns alarms into a new incident (alarms.md, Transfer); the answer names the incident and the alarms linked.</summary>
    public Task<LinkedIncidentAnswer> CreateAlarmLinkedIncidentAsync(JsonObject request, CancellationToken cancellationToken = default) =>
        SendPlainAsync(HttpMethod.Post, "/v1/alarm-mgmt/alarms-linked-incident", Json(request, CocClientJsonContext.Default.JsonObject),
            AlarmJsonContext.Default.LinkedIncidentAnswer, cancellationToken);

    /// <summary>One page of the alarm list (ours): item <paramref name="offset"/>, filters <c>status</c>, <c>importance</c>, <c>q</c>.</summary>
    public Task<AlarmListAnswer> ListAlarmsAsync(int offset = 0, int limit = 50, string? status = null, string? importance = null, string? q = null,
        CancellationToken cancellationToken = default) =>
        SendPlainAsync(HttpMethod.Get, "/v1/alarm-mgmt/alarms" + Query(("offset", offset), ("limit", limit), ("status", status), ("importance", importance), ("q", q)),
            null, AlarmJsonContext.Default.AlarmListAnswer, cancellationToken);

    public async IAsyncEnumerable<AlarmInfo> ListAllAlarmsAsync(string? status = null, string? importance = null, int pageSize = 100,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var offset = 0; ;)
        {
            var page = await ListAlarmsAsync(offset, pageSize, status, importance, null, cancellationToken).ConfigureAwait(false);
            foreach (var alarm in page.Alarms) yield return alarm;
            if (page.Alarms.Count < pageSize) yield break;
            offset += page.Alarms.Count;
        }
    }

    /// <summary>Posts an Alertmanager webhook message (v4) to an integration's key.</summary>
    public Task SendPrometheusEventAsync(string integrationKey, JsonObject alertmanagerMessage, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/v1/event/prometheus/" + Escape(integrationKey), Json(alertmanagerMessage, CocClientJsonContext.Default.JsonObject),
            WireJsonContext.Default.EnvelopeObject, cancellationToken);

    /// <summary>Posts COC's custom event body (camelCase, alarms.md) to an integration's key.</summary>
    public Task SendCustomEventAsync(string integrationKey, JsonObject customEvent, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/v1/event/huawei/custom/" + Escape(integrationKey), Json(customEvent, CocClientJsonContext.Default.JsonObject),
            WireJsonContext.Default.EnvelopeObject, cancellationToken);
}
