using System.Text;
using Coc.Core.Tickets;
using Dapper;

namespace Coc.Core.Storage.Tickets;

/// <summary>
/// The v1 list's WHERE and ORDER BY (api.md, List; our filters and sorts in docs/decisions.md, Triage list). Column
/// names and orders come from this class only; every value from the request is a parameter.
/// </summary>
internal sealed class TicketListSql(SqlDialect dialect, TicketQuery query)
{
    private const string Default = "create_time DESC, number DESC";

    /// <summary>Statuses in workflow order, for sorting by status and for the triage order's "open first".</summary>
    private static readonly string StatusRank =
        $"CASE status WHEN '{TicketStatus.Triggered}' THEN 0 WHEN '{TicketStatus.Acknowledged}' THEN 1 WHEN '{TicketStatus.Rejected}' THEN 2 "
        + $"WHEN '{TicketStatus.Resolved}' THEN 3 WHEN '{TicketStatus.Completed}' THEN 4 ELSE 5 END";

    public StringBuilder Where { get; } = new("project = @project");

    public DynamicParameters Args { get; } = new();

    public TicketListSql Build(string project)
    {
        Args.AddDynamicParams(new { project, limit = query.Limit, skip = query.Skip });
        AnyOf("status", query.Statuses);
        AnyOf("level", query.Levels);
        AnyOf("assignee", query.Assignees);
        AnyOf("creator", query.Creators);
        if (query.CreatedAfter is { } after) { Where.Append(" AND create_time >= @after"); Args.Add("after", after); }
        if (query.CreatedBefore is { } before) { Where.Append(" AND create_time < @before"); Args.Add("before", before); }
        if (!string.IsNullOrEmpty(query.Text)) Text(query.Text);
        return this;
    }

    public string OrderBy => query.Sort switch
    {
        null => Default,
        // Open first, P1 first, unaccepted first, oldest first (docs/decisions.md, Triage list).
        { Key: TicketSortKey.Triage } =>
            $"CASE WHEN status = '{TicketStatus.Completed}' THEN 1 ELSE 0 END, level, CASE WHEN status = '{TicketStatus.Triggered}' THEN 0 ELSE 1 END, create_time, number",
        { Key: TicketSortKey.Number } s => "number" + Direction(s),
        { Key: TicketSortKey.CreateTime } s => $"create_time{Direction(s)}, number{Direction(s)}",
        { Key: TicketSortKey.Assignee } s => $"assignee IS NULL, assignee{Direction(s)}, number DESC",
        var s => $"{Column(s.Key)}{Direction(s)}, number DESC",
    };

    private static string Direction(TicketSort s) => s.Descending ? " DESC" : " ASC";

    private static string Column(TicketSortKey key) => key switch
    {
        TicketSortKey.Title => "title",
        TicketSortKey.Status => StatusRank,
        TicketSortKey.Level => "level",
        TicketSortKey.Creator => "creator",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, null),
    };

    /// <summary>One value: <c>column = @column</c> as before the lists came; more: any of them.</summary>
    private void AnyOf(string column, IReadOnlyList<string>? values)
    {
        if (values is null) return;
        if (values.Count == 1)
        {
            Where.Append($" AND {column} = @{column}");
            Args.Add(column, values[0]);
            return;
        }
        Where.Append($" AND {dialect.InList(column, column)}");
        Args.Add(column, values.ToArray());
    }

    private void Text(string text)
    {
        var like = dialect.LikeOperator;
        Where.Append($" AND (title {like} @text ESCAPE '\\' OR description {like} @text ESCAPE '\\'");
        Args.Add("text", "%" + EscapeLike(text) + "%");
        // Ticket numbers are upper case; one typed in lower case finds its ticket through the primary key still.
        Where.Append($" OR {dialect.InList("number", "textNumber")}");
        Args.Add("textNumber", new[] { text, text.ToUpperInvariant() }.Distinct().ToArray());
        if (query.TextPeople.Count > 0)
        {
            Where.Append($" OR {dialect.InList("assignee", "textPeople")} OR {dialect.InList("creator", "textPeople")}");
            Args.Add("textPeople", query.TextPeople.ToArray());
        }
        Where.Append(')');
    }

    private static string EscapeLike(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
