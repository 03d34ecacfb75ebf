using Coc.Core.Tickets;
using Coc.Core.Tickets.V2.Filters;

namespace Coc.Core.Storage;

/// <summary>The v2 list (v2.md, List): a project's tickets matching a filter condition, as indexed SQL.</summary>
public interface ITicketSearch
{
    Task<TicketSearchPage> SearchAsync(string project, TicketSearch search, CancellationToken ct = default);
}

/// <param name="Where">null: every ticket.</param>
/// <param name="Sort">null: create_time descending, then ticket number descending.</param>
/// <param name="Counts">Each an AND of filters, counted independently of <paramref name="Where"/>.</param>
public sealed record TicketSearch(
    Condition? Where, SortOrder? Sort, long Skip, int Take, bool CountTotal, IReadOnlyList<IReadOnlyList<Filter>> Counts);

/// <summary>A ticket of the page, with its latest history entry's operator and time.</summary>
public sealed record TicketSearchRow(Ticket Ticket, string? LastOperator, long? UpdateTime);

public sealed record TicketSearchPage(long? Total, IReadOnlyList<TicketSearchRow> Rows, IReadOnlyList<long> Counts);
