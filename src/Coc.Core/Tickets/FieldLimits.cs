namespace Coc.Core.Tickets;

/// <summary>
/// The length and count limits of api.md and workflow.md in one place: the validation enforces them and the
/// OpenAPI document publishes them. Lengths count UTF-16 code units (<c>string.Length</c>).
/// </summary>
public static class FieldLimits
{
    /// <summary>Any string unless stated otherwise.</summary>
    public const int Text = 255;

    public const int Title = 200;
    public const int Description = 600;

    /// <summary>The list-typed ticket fields (region, enterprise_project, …) hold at most one item.</summary>
    public const int ListItems = 1;

    /// <summary>Operation comments, notes and reasons.</summary>
    public const int Comment = 300;

    /// <summary>A solution's cause and solution text.</summary>
    public const int Solution = 10000;

    /// <summary>Doc ids linked by one operation.</summary>
    public const int AttachmentIds = 10;

    public const int IdempotencyKey = 255;

    /// <summary>A history filter's operator (the rest of a filter is <see cref="Text"/>).</summary>
    public const int FilterOperator = 20;

    public const int HistoryFilters = 20;
    public const int HistoryFilterValues = 1024;

    /// <summary>A list page holds 1 to this many tickets.</summary>
    public const int PageSize = 100;

    public const int DefaultPageSize = 50;

    /// <summary>A fault's start time may lie this far in the future (clock skew), no further.</summary>
    public const long StartTimeSkewMs = 5 * 60_000;
}
