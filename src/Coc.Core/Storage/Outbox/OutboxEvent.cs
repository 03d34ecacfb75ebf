using System.Security.Cryptography;

namespace Coc.Core.Storage.Outbox;

/// <summary>
/// One event in the outbox. A ticket event is compact: it names the history entry (<see cref="TicketNumber"/>,
/// <see cref="TicketSeq"/>) and its <c>data</c> is rendered from the history when it is first delivered. Any other event
/// (an alarm's) carries its <see cref="Data"/>, the <c>data</c> object's JSON, as it is written.
/// </summary>
/// <param name="OrderKey">Events with the same key reach a subscription in order (default: the ticket number; none: the event's own id).</param>
public sealed record OutboxEvent(
    string Id, string Type, string Project, long At, string? TicketNumber = null, int? TicketSeq = null, string? Data = null, string? OrderKey = null)
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewId() => "evt_" + RandomNumberGenerator.GetString(IdAlphabet, 24);

    public string EffectiveOrderKey => OrderKey ?? TicketNumber ?? Id;
}
