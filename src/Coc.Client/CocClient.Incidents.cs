using System.Net.Http.Headers;
using Coc.Client.Http;
using System.Runtime.CompilerServices;

namespace Coc.Client;

// v1 tickets (api.md): create, handle, details, list, histories, attachments.
public sealed partial class CocClient
{
    /// <summary>Creates a ticket; with <paramref name="idempotencyKey"/> a retry returns the first ticket. Returns its number.</summary>
    public async Task<string> CreateIncidentAsync(CreateIncidentRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var data = await SendAsync(HttpMethod.Post, "/v1/external/incident/create",
            Json(request, CocClientJsonContext.Default.CreateIncidentRequest), IncidentJsonContext.Default.EnvelopeCreateIncidentData,
            cancellationToken, idempotencyKey).ConfigureAwait(false);
        return data?.IncidentNum ?? throw new CocApiException(System.Net.HttpStatusCode.OK, "CLIENT.MALFORMED", "create answered no incident_num", null, null);
    }

    /// <summary>Runs one workflow operation (<c>operate_key</c>, workflow.md).</summary>
    public Task HandleIncidentAsync(HandleIncidentRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "/v1/external/incident/handle", Json(request, CocClientJsonContext.Default.HandleIncidentRequest),
            WireJsonContext.Default.EnvelopeObject, cancellationToken, idempotencyKey);

    /// <summary>Shorthand for <see cref="HandleIncidentAsync(HandleIncidentRequest, string?, CancellationToken)"/>.</summary>
    public Task HandleIncidentAsync(string incidentNum, string operateKey, string @operator,
        System.Text.Json.Nodes.JsonObject? parameter = null, CancellationToken cancellationToken = default) =>
        HandleIncidentAsync(new HandleIncidentRequest { IncidentNum = incidentNum, OperateKey = operateKey, Operator = @operator, Parameter = parameter },
            null, cancellationToken);

    public async Task<IncidentDetails> GetIncidentAsync(string incidentNum, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, "/v1/external/incident/" + Escape(incidentNum), null, IncidentJsonContext.Default.EnvelopeIncidentDetails,
            cancellationToken).ConfigureAwait(false))!;

    /// <summary>One page of the list (<paramref name="page"/> from 1, <paramref name="limit"/> 1–100), newest first.</summary>
    public async Task<IncidentListData> ListIncidentsAsync(int page = 1, int limit = 50, IncidentListFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var q = Query(("offset", page), ("limit", limit), ("status", filter?.Status), ("level", filter?.Level), ("assignee", filter?.Assignee),
            ("creator", filter?.Creator), ("created_after", filter?.CreatedAfter), ("created_before", filter?.CreatedBefore), ("q", filter?.Q),
            ("sort", filter?.Sort));
        return (await SendAsync(HttpMethod.Get, "/v1/incident-tickets" + q, null, IncidentJsonContext.Default.EnvelopeIncidentListData,
            cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Every ticket the filter matches, page after page (<paramref name="pageSize"/> a page), newest first.</summary>
    public async IAsyncEnumerable<IncidentSimpleTicketInfo> ListAllIncidentsAsync(
        IncidentListFilter? filter = null, int pageSize = 100, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var page = 1; ; page++)
        {
            var data = await ListIncidentsAsync(page, pageSize, filter, cancellationToken).ConfigureAwait(false);
            foreach (var item in data.IncidentSimpleTicketInfos) yield return item;
            if (data.IncidentSimpleTicketInfos.Count < pageSize || (long)page * pageSize >= data.Total) yield break;
        }
    }

    public async Task<HistoryListData> ListHistoriesAsync(ListHistoriesRequest request, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Post, "/v1/external/incident/list-histories", Json(request, CocClientJsonContext.Default.ListHistoriesRequest),
            HistoryJsonContext.Default.EnvelopeHistoryListData, cancellationToken).ConfigureAwait(false))!;

    /// <summary>Uploads a file (multipart <c>file</c>), linked to <paramref name="incidentNum"/> when given; returns its <c>doc_id</c> and name.</summary>
    public Task<AttachmentData> UploadAttachmentAsync(
        string fileName, ReadOnlyMemory<byte> bytes, string? incidentNum = null, string? contentType = null, CancellationToken cancellationToken = default) =>
        UploadAttachmentAsync(fileName, new MemoryStream(bytes.ToArray(), writable: false), incidentNum, contentType, null, cancellationToken);

    /// <summary>
    /// Uploads <paramref name="content"/> (seekable: a retry sends it again from the start) as the file
    /// <paramref name="fileName"/>; <paramref name="progress"/> hears the bytes sent so far.
    /// </summary>
    public async Task<AttachmentData> UploadAttachmentAsync(string fileName, Stream content, string? incidentNum, string? contentType,
        IProgress<long>? progress, CancellationToken cancellationToken = default)
    {
        using var form = new MultipartFormDataContent();
        var file = new ProgressStreamContent(content, progress);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/octet-stream");
        form.Add(file, "file", fileName);
        if (incidentNum is not null) form.Add(new StringContent(incidentNum), "incident_num");
        using var response = await SendRawAsync(HttpMethod.Post, "/v1/external/incident/attachments", form, null, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var answer = System.Text.Json.JsonSerializer.Deserialize(body, WireJsonContext.Default.AttachmentEnvelope);
        return answer?.Data ?? throw new CocApiException(response.StatusCode, answer?.ErrorCode ?? "CLIENT.MALFORMED", answer?.ErrorMsg, null, Text(body));
    }

    /// <summary>A file's bytes, content type and name.</summary>
    public async Task<DownloadedAttachment> DownloadAttachmentAsync(string docId, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Get, "/v1/external/incident/attachments/" + Escape(docId), null, null, cancellationToken)
            .ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
        return new DownloadedAttachment(bytes, response.Content.Headers.ContentType?.MediaType, name);
    }
}

public sealed record DownloadedAttachment(byte[] Bytes, string? ContentType, string? FileName);
