using Coc.Core.Tickets;

namespace Coc.Core.Storage;

/// <summary>Durable tickets and their history. Every write is one transaction: the ticket row, its history entry
/// and whatever goes with them (WarRoom, idempotency key, attachment links, counters) commit together.</summary>
public interface ITicketStore
{
    Task<Ticket?> FindAsync(string project, string number, CancellationToken ct = default);

    /// <summary>The details read: the ticket and its attachments, on one connection.</summary>
    Task<(Ticket Ticket, IReadOnlyList<AttachmentInfo> Attachments)?> FindWithAttachmentsAsync(
        string project, string number, CancellationToken ct = default);

    Task<CreateOutcome> CreateAsync(Ticket ticket, HistoryEntry created, IdempotencyClaim? claim, CancellationToken ct = default);

    /// <summary>Writes <paramref name="after"/> if the stored ticket is still at <paramref name="before"/>'s version,
    /// claiming the idempotency key in the same transaction (<see cref="WriteOutcome.KeyTaken"/> if it was taken).</summary>
    Task<WriteOutcome> ApplyAsync(Ticket before, Ticket after, HistoryEntry entry, IdempotencyClaim? claim = null, CancellationToken ct = default);

    /// <summary>The request that claimed the key within its window, if any (its ticket, and whether its body differed).</summary>
    Task<ClaimedRequest?> FindClaimAsync(string project, IdempotencyClaim claim, CancellationToken ct = default);

    Task<TicketPage> ListAsync(string project, TicketQuery query, CancellationToken ct = default);

    /// <summary>The history of the project's tickets among <paramref name="numbers"/>, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string project, IReadOnlyCollection<string> numbers, CancellationToken ct = default);
}

/// <summary>KeyTaken: the idempotency key was claimed by an earlier request (see <see cref="ITicketStore.FindClaimAsync"/>).</summary>
public enum WriteOutcome { Written, VersionConflict, NumberTaken, KeyTaken }

public sealed record ClaimedRequest(string Number, bool BodyMismatch);

/// <summary>Result of a create: written, a generated number already taken (retry with another), or an
/// idempotency key that was already used (with the same body: the first ticket; with another: a mismatch).</summary>
public sealed record CreateOutcome(WriteOutcome Outcome, string? ExistingNumber = null, bool BodyMismatch = false)
{
    public static readonly CreateOutcome Written = new(WriteOutcome.Written);
    public static readonly CreateOutcome NumberTaken = new(WriteOutcome.NumberTaken);
}

public sealed record IdempotencyClaim(string Key, string RequestHash, long NotBefore);

public sealed record TicketQuery
{
    public int Page { get; init; } = 1;
    public int Limit { get; init; } = 50;
    public string? Status { get; init; }
    public string? Level { get; init; }
    public string? Assignee { get; init; }
    public string? Creator { get; init; }
    public long? CreatedAfter { get; init; }
    public long? CreatedBefore { get; init; }
    public string? Text { get; init; }

    public bool IsFiltered => Status is not null || Level is not null || Assignee is not null || Creator is not null
        || CreatedAfter is not null || CreatedBefore is not null || !string.IsNullOrEmpty(Text);

    public long Skip => (long)(Page - 1) * Limit;
}

public sealed record TicketPage(long Total, IReadOnlyList<Ticket> Tickets);
