using System.Globalization;
using System.Text;
using System.Text.Json;
using Coc.Core.Reference;
using Coc.Core.Storage;
using Coc.Core.Storage.Outbox;
using Coc.Core.Tickets;
using Coc.Server.Features.Histories;
using Coc.Server.Features.Incidents;

namespace Coc.Server.Features.Webhooks;

/// <summary>
/// The body of a delivered event (outbound.md, Events): <c>{id, type, timestamp, project_id, data}</c>. A ticket event's
/// data is <c>{incident, history}</c>: the details body as it was right after the change (the ticket replayed up to
/// that history entry, with the attachments it has when rendered) and the history entry, in the shapes of the details
/// GET and the history list. It is rendered on the first attempt and kept if the event is to be retried, so every retry
/// sends the same bytes; a redelivery after a success renders it again (the same but for attachments linked since).
/// </summary>
public sealed class WebhookEventBodies(ITicketStore tickets, ReferenceData reference)
{
    public Task<string> DataAsync(ClaimedDelivery d, CancellationToken ct) =>
        DataAsync(d.EventId, d.Project, d.TicketNumber, d.TicketSeq, d.At, d.Data, ct);

    /// <summary>The <c>data</c> object of an event as stored (<paramref name="data"/>, or rendered from the ticket's history).</summary>
    public async Task<string> DataAsync(string eventId, string project, string? ticketNumber, int? ticketSeq, long at, string? data, CancellationToken ct)
    {
        if (data is not null) return data;
        if (ticketNumber is not { } number || ticketSeq is not { } seq)
            throw new InvalidOperationException($"event {eventId} has neither data nor a ticket");
        var found = await tickets.FindWithAttachmentsAsync(project, number, ct)
            ?? throw new InvalidOperationException($"the ticket {number} of event {eventId} no longer exists");
        var history = await tickets.HistoryAsync(project, [number], ct);
        var entry = history.FirstOrDefault(e => e.Seq == seq)
            ?? throw new InvalidOperationException($"the history entry {number}-{seq} of event {eventId} no longer exists");
        var state = found.Ticket.Version == seq
            ? found.Ticket
            : history.Where(e => e.Seq <= seq).Aggregate((Ticket?)null, TicketEvolution.Apply)!;
        var details = IncidentPresenter.Details(state, found.Attachments, reference, at);
        return JsonSerializer.Serialize(new TicketEventData(details, HistoryEndpoints.ToWire(entry)), WebhookJsonContext.Default.TicketEventData);
    }

    public static string Body(ClaimedDelivery d, string data) => Body(d.EventId, d.EventType, d.Project, d.At, data);

    /// <summary>The whole event body: <c>{id, type, timestamp, project_id, data}</c>.</summary>
    public static string Body(string eventId, string type, string project, long at, string data)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", eventId);
            w.WriteString("type", type);
            w.WriteString("timestamp", DateTimeOffset.FromUnixTimeMilliseconds(at).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("project_id", project);
            w.WritePropertyName("data");
            w.WriteRawValue(data, skipInputValidation: true);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
