using System.Data;
using System.Data.Common;
using Coc.Core.Webhooks;
using Dapper;

namespace Coc.Core.Storage.Outbox;

/// <summary>
/// The outbox of one write that may enqueue many events (an alarm payload's: one or more per alert). Its statements are
/// prepared once per transaction and the project's enabled subscriptions are read once, so an event costs one insert,
/// and one more per subscription that wants it; the rows are those <see cref="Outbox.EnqueueAsync"/> writes.
/// </summary>
internal sealed class OutboxWriter(DbConnection c, DbTransaction tx, PreparedCommands prepared)
{
    private readonly Dictionary<string, List<(string Id, string EventTypes)>> _subscriptions = new(StringComparer.Ordinal);

    public async Task EnqueueAsync(OutboxEvent e)
    {
        var orderKey = e.EffectiveOrderKey;
        await prepared.ExecuteAsync(Outbox.InsertEvent,
            ("Id", DbType.String, e.Id), ("Type", DbType.String, e.Type), ("Project", DbType.String, e.Project),
            ("TicketNumber", DbType.String, e.TicketNumber), ("TicketSeq", DbType.Int32, e.TicketSeq), ("OrderKey", DbType.String, orderKey),
            ("At", DbType.Int64, e.At), ("Body", DbType.String, e.Data));
        if (!_subscriptions.TryGetValue(e.Project, out var subscriptions))
            _subscriptions[e.Project] = subscriptions = (await c.QueryAsync<(string, string)>(
                "SELECT id, event_types FROM webhooks WHERE project = @project AND enabled = TRUE", new { project = e.Project }, tx)).ToList();
        foreach (var (id, types) in subscriptions)
            if (EventTypeFilter.Wants(types, e.Type))
                await prepared.ExecuteAsync(Outbox.InsertDelivery,
                    ("WebhookId", DbType.String, id), ("EventId", DbType.String, e.Id), ("OrderKey", DbType.String, orderKey),
                    ("At", DbType.Int64, e.At), ("CreatedAt", DbType.Int64, e.At));
    }
}
