using System.Data.Common;
using Coc.Core.Tickets;
using Coc.Core.Webhooks;
using Dapper;

namespace Coc.Core.Storage.Outbox;

/// <summary>
/// The transactional outbox. <see cref="EnqueueAsync"/> is the one call a store makes inside the transaction of its
/// change: the event row, and one pending delivery for each enabled subscription of the project that wants the type.
/// Both commit or roll back with the change, so no event is lost for an acknowledged change and none exists for one
/// that did not commit. Without a subscription the cost is one small insert and one empty indexed select.
/// </summary>
public static class Outbox
{
    internal const string InsertEvent =
        """
        INSERT INTO events (event_id, type, project, number, ticket_seq, order_key, at, body)
        VALUES (@Id, @Type, @Project, @TicketNumber, @TicketSeq, @OrderKey, @At, @Body)
        """;

    /// <summary>One pending delivery of an event to one subscription (the fan-out of <see cref="OutboxWriter"/>).</summary>
    internal const string InsertDelivery =
        """
        INSERT INTO webhook_deliveries (webhook_id, event_id, order_key, state, attempts, next_attempt_at, created_at)
        VALUES (@WebhookId, @EventId, @OrderKey, 'pending', 0, @At, @CreatedAt)
        """;

    public static async Task EnqueueAsync(DbConnection c, DbTransaction tx, OutboxEvent e)
    {
        await c.ExecuteKeptAsync(tx, InsertEvent, ("Id", e.Id), ("Type", e.Type), ("Project", e.Project), ("TicketNumber", e.TicketNumber),
            ("TicketSeq", e.TicketSeq), ("OrderKey", e.EffectiveOrderKey), ("At", e.At), ("Body", e.Data));
        await c.ExecuteKeptAsync(tx,
            """
            INSERT INTO webhook_deliveries (webhook_id, event_id, order_key, state, attempts, next_attempt_at, created_at)
            SELECT id, @Id, @OrderKey, 'pending', 0, @At, @At FROM webhooks
            WHERE project = @Project AND enabled = TRUE AND (event_types = '*' OR event_types LIKE @Pattern ESCAPE '\')
            """, ("Id", e.Id), ("OrderKey", e.EffectiveOrderKey), ("At", e.At), ("Project", e.Project), ("Pattern", EventTypeFilter.LikePattern(e.Type)));
    }

    /// <summary>The events of one ticket change (see <see cref="EventTypes.Of"/>), in the change's transaction.</summary>
    public static async Task EnqueueTicketChangeAsync(DbConnection c, DbTransaction tx, Ticket? before, Ticket after, HistoryEntry entry)
    {
        foreach (var type in EventTypes.Of(before, after, entry))
            await EnqueueAsync(c, tx, new OutboxEvent(OutboxEvent.NewId(), type, entry.Project, entry.At, entry.TicketNumber, entry.Seq));
    }
}
