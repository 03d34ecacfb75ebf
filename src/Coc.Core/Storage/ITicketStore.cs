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
    /// <summary>Any of these statuses (one or more); null: every status.</summary>
    public IReadOnlyList<string>? Statuses { get; init; }
    public IReadOnlyList<string>? Levels { get; init; }
    /// <summary>Any of these person ids (the value given and the ids of the people it names).</summary>
    public IReadOnlyList<string>? Assignees { get; init; }
    public IReadOnlyList<string>? Creators { get; init; }
    public long? CreatedAfter { get; init; }
    public long? CreatedBefore { get; init; }
    /// <summary>Text in the title or description, or the ticket number exactly.</summary>
    public string? Text { get; init; }
    /// <summary>People the text names (by id or display name): their tickets, as assignee or creator, match too.</summary>
    public IReadOnlyList<string> TextPeople { get; init; } = [];
    /// <summary>null: create_time descending, then ticket number descending.</summary>
    public TicketSort? Sort { get; init; }

    public bool IsFiltered => Statuses is not null || Levels is not null || Assignees is not null || Creators is not null
        || CreatedAfter is not null || CreatedBefore is not null || !string.IsNullOrEmpty(Text);

    public long Skip => (long)(Page - 1) * Limit;
}

/// <summary>The v1 list's orders [ours]: the on-call triage order, or one column (ties: ticket number descending).</summary>
public enum TicketSortKey { Triage, Number, Title, Status, Level, Assignee, Creator, CreateTime }

public sealed record TicketSort(TicketSortKey Key, bool Descending = false);

public sealed record TicketPage(long Total, IReadOnlyList<Ticket> Tickets);
