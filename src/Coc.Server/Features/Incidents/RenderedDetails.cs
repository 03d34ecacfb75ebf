using System.Runtime.CompilerServices;
using Coc.Core.Storage;
using Coc.Core.Tickets;

namespace Coc.Server.Features.Incidents;

/// <summary>
/// The details body of a ticket, kept beside the ticket instance the ticket cache hands out, so that reading a
/// warm ticket again costs no rendering. A new state or attachment list is a new instance, so a body is never
/// stale. Only bodies that do not depend on the clock are kept: a ticket with a pause on it (running, or run out
/// but not yet closed by an operation) has time in its details, and is rendered each time. Off without the ticket
/// cache (each read is then a new instance, and the table would only churn).
/// </summary>
public sealed class RenderedDetails(bool enabled)
{
    private readonly ConditionalWeakTable<Ticket, Rendered> _bodies = new();

    private sealed record Rendered(IReadOnlyList<AttachmentInfo> Attachments, byte[] Body);

    public static bool DependsOnTheClock(Ticket t) => t.PauseStartedAt is not null;

    public byte[]? Find(Ticket ticket, IReadOnlyList<AttachmentInfo> attachments) =>
        enabled && _bodies.TryGetValue(ticket, out var r) && ReferenceEquals(r.Attachments, attachments) ? r.Body : null;

    public void Remember(Ticket ticket, IReadOnlyList<AttachmentInfo> attachments, byte[] body)
    {
        if (enabled && !DependsOnTheClock(ticket)) _bodies.AddOrUpdate(ticket, new Rendered(attachments, body));
    }
}
