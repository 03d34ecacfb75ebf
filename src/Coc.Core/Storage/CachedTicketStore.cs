using Coc.Core.Storage.Attachments;
using Coc.Core.Tickets;
using Microsoft.Extensions.Caching.Memory;

namespace Coc.Core.Storage;

/// <summary>
/// Keeps recently read tickets (with their attachment lists) in memory, so a details read or the read before an
/// operation costs no SQL. Every ticket write goes through this store and drops the ticket it touched before the write
/// is acknowledged, so a read never returns a state older than an acknowledged write; the attachment store reports the
/// uploads it links to a ticket (<see cref="ITicketChanges"/>), which drop the ticket the same way.
/// <para>
/// Correct only while this process is the only one writing tickets to the database: the server uses it on a SQLite
/// file it owns (<see cref="Sqlite.SqliteFileOwnership"/>), never on PostgreSQL, where several instances share the data.
/// </para>
/// </summary>
public sealed class CachedTicketStore : ITicketStore, ITicketChanges, IDisposable
{
    private readonly ITicketStore _tickets;
    private readonly MemoryCache _cache;
    private readonly TicketCacheMetrics? _metrics;

    // Bumped after every write. A read that saw the database before a write committed may reach the cache after
    // the write dropped the ticket: it sees the bumped generation and does not store what it read. The check and
    // the store are one step under the lock (as are the bump and the drop), so no other reader can be handed the
    // older state in between. Hits take no lock; only misses and writes, which go to the database anyway.
    private readonly Lock _gate = new();
    private long _generation;

    public CachedTicketStore(ITicketStore tickets, int capacity, TicketCacheMetrics? metrics = null)
    {
        _metrics = metrics;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _tickets = tickets;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity, CompactionPercentage = 0.25 });
    }

    /// <summary>Tickets held now (at most the capacity it was made with).</summary>
    public int Count => _cache.Count;

    private sealed record Entry(Ticket Ticket, IReadOnlyList<AttachmentInfo>? Attachments);

    private readonly record struct Key(string Project, string Number);

    private static readonly MemoryCacheEntryOptions OneSlot = new() { Size = 1 }; // read by Set, never changed

    public async Task<Ticket?> FindAsync(string project, string number, CancellationToken ct = default)
    {
        var key = new Key(project, number);
        if (_cache.TryGetValue(key, out Entry? hit))
        {
            _metrics?.Hit();
            return hit!.Ticket;
        }
        _metrics?.Miss();
        var generation = Generation;
        var ticket = await _tickets.FindAsync(project, number, ct);
        if (ticket is not null) Remember(key, new Entry(ticket, null), generation);
        return ticket;
    }

    public async Task<(Ticket Ticket, IReadOnlyList<AttachmentInfo> Attachments)?> FindWithAttachmentsAsync(
        string project, string number, CancellationToken ct = default)
    {
        var key = new Key(project, number);
        if (_cache.TryGetValue(key, out Entry? hit) && hit!.Attachments is { } files)
        {
            _metrics?.Hit();
            return (hit.Ticket, files);
        }
        _metrics?.Miss();
        var generation = Generation;
        var found = await _tickets.FindWithAttachmentsAsync(project, number, ct);
        if (found is { } f) Remember(key, new Entry(f.Ticket, f.Attachments), generation);
        return found;
    }

    private long Generation
    {
        get { lock (_gate) return _generation; }
    }

    private void Remember(Key key, Entry entry, long readAt)
    {
        lock (_gate)
        {
            if (_generation == readAt) _cache.Set(key, entry, OneSlot);
        }
    }

    private void Forget(string project, string number)
    {
        lock (_gate)
        {
            _generation++;
            _cache.Remove(new Key(project, number));
        }
    }

    public async Task<CreateOutcome> CreateAsync(Ticket ticket, HistoryEntry created, IdempotencyClaim? claim, CancellationToken ct = default)
    {
        try { return await _tickets.CreateAsync(ticket, created, claim, ct); }
        finally { Forget(ticket.Project, ticket.Number); }
    }

    public async Task<WriteOutcome> ApplyAsync(Ticket before, Ticket after, HistoryEntry entry, IdempotencyClaim? claim = null, CancellationToken ct = default)
    {
        try { return await _tickets.ApplyAsync(before, after, entry, claim, ct); }
        finally { Forget(before.Project, before.Number); }
    }

    /// <summary>Drops every ticket held (the control plane's reset, restore and import changed the database underneath).</summary>
    public void ForgetAll()
    {
        lock (_gate)
        {
            _generation++;
            _cache.Clear();
        }
    }

    /// <summary>A file was linked to the ticket (after the write, whether or not it committed).</summary>
    public void Changed(string project, string number) => Forget(project, number);

    // Unchanged: reads the cache does not hold.

    public Task<ClaimedRequest?> FindClaimAsync(string project, IdempotencyClaim claim, CancellationToken ct = default) =>
        _tickets.FindClaimAsync(project, claim, ct);

    public Task<TicketPage> ListAsync(string project, TicketQuery query, CancellationToken ct = default) =>
        _tickets.ListAsync(project, query, ct);

    public Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string project, IReadOnlyCollection<string> numbers, CancellationToken ct = default) =>
        _tickets.HistoryAsync(project, numbers, ct);

    public void Dispose() => _cache.Dispose();
}
