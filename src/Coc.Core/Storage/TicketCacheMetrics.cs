using System.Diagnostics.Metrics;

namespace Coc.Core.Storage;

/// <summary><c>coc_ticket_cache_hits_total</c> and <c>coc_ticket_cache_misses_total</c>: reads of <see cref="CachedTicketStore"/>.</summary>
public sealed class TicketCacheMetrics(Meter meter)
{
    private readonly Counter<long> _hits = meter.CreateCounter<long>("coc.ticket_cache.hits", "{read}", "Ticket reads answered from memory");
    private readonly Counter<long> _misses = meter.CreateCounter<long>("coc.ticket_cache.misses", "{read}", "Ticket reads that went to the database");

    public void Hit() => _hits.Add(1);

    public void Miss() => _misses.Add(1);
}
