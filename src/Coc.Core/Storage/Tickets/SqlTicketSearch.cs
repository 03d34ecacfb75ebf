using System.Globalization;
using Coc.Core.Tickets.V2.Filters;
using Dapper;

namespace Coc.Core.Storage.Tickets;

/// <summary>
/// The v2 list on either engine. A condition becomes SQL over the columns of <see cref="Columns"/> only (a fixed
/// allow-list: no name from a request reaches the SQL text), every value a parameter.
/// </summary>
public sealed class SqlTicketSearch(Database database) : ITicketSearch
{
    /// <summary>Field → column; each is indexed with the project (schema migration 5).</summary>
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["ticket_id"] = "number", ["title"] = "title", ["description"] = "description", ["level_id"] = "level",
        ["mtm_type"] = "incident_type", ["source_id"] = "source", ["work_flow_status"] = "status", ["incident_ownership"] = "ownership",
        ["assignee"] = "assignee", ["creator"] = "creator", ["operator"] = "last_operator", ["current_cloud_service_id"] = "cloud_service",
        ["enterprise_project_id"] = "enterprise_project", ["mtm_region"] = "region", ["forward_rule_id"] = "forward_rule_id",
        ["is_service_interrupt"] = "service_interrupt", ["create_time"] = "create_time", ["update_time"] = "update_time",
        ["start_time"] = "start_time", ["handle_time"] = "handle_time",
    };

    private static readonly HashSet<string> Nullable = ["start_time", "handle_time", "update_time"];

    private SqlDialect Dialect => database.Dialect;

    public Task<TicketSearchPage> SearchAsync(string project, TicketSearch search, CancellationToken ct = default) =>
        database.ReadAsync(async c =>
        {
            var sql = new Builder(Dialect);
            sql.Args.Add("project", project);
            var where = search.Where is null ? "" : " AND " + sql.Where(search.Where);
            var counts = new List<long>(search.Counts.Count);
            foreach (var filters in search.Counts)
            {
                var condition = new AllOf([.. filters.Select(f => new Match(f))]);
                var count = filters.Count == 0 ? "" : " AND " + sql.Where(condition);
                counts.Add(await c.ExecuteScalarAsync<long>(CountSql(condition, count), sql.Args));
            }
            long? total = !search.CountTotal ? null
                : search.Where is null
                    ? await c.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(tickets), 0) FROM project_ticket_counts WHERE project = @project", sql.Args)
                    : await c.ExecuteScalarAsync<long>(CountSql(search.Where, where), sql.Args);
            if (search.Take == 0 || search.Skip >= total) return new TicketSearchPage(total, [], counts);

            sql.Args.Add("take", search.Take);
            sql.Args.Add("skip", search.Skip);
            var rows = await c.QueryAsync<(string State, string? LastOperator, long? UpdateTime)>(
                $"""
                SELECT state, last_operator, update_time FROM tickets WHERE project = @project{where}
                ORDER BY {OrderBy(search.Sort)} LIMIT @take OFFSET @skip
                """, sql.Args);
            return new TicketSearchPage(total,
                [.. rows.Select(r => new TicketSearchRow(StorageJsonContext.DeserializeTicket(r.State), r.LastOperator, r.UpdateTime))], counts);
        }, ct);

    /// <summary>Counts from <c>ticket_status_counts</c> when the condition reads only status and level, else the tickets.</summary>
    private static string CountSql(Condition condition, string where) => TicketStatusCounts.CanCount(condition)
        ? $"SELECT COALESCE(SUM(tickets), 0) FROM ticket_status_counts WHERE project = @project{where}"
        : $"SELECT COUNT(*) FROM tickets WHERE project = @project{where}";

    /// <summary>Missing values last; ties by ticket number descending (v2.md, sort_filter).</summary>
    private static string OrderBy(SortOrder? sort)
    {
        if (sort is null) return "create_time DESC, number DESC";
        var column = Columns[sort.Field.Name];
        var direction = sort.Descending ? "DESC" : "ASC";
        var nullsLast = Nullable.Contains(sort.Field.Name) ? $"{column} IS NULL, " : "";
        return column == "number" ? $"number {direction}" : $"{nullsLast}{column} {direction}, number DESC";
    }

    private sealed class Builder(SqlDialect dialect)
    {
        private int _next;

        public DynamicParameters Args { get; } = new();

        public string Where(Condition condition) => condition switch
        {
            AllOf { Parts.Count: 0 } => "1 = 1",
            AllOf all => "(" + string.Join(" AND ", all.Parts.Select(Where)) + ")",
            AnyOf any => "(" + string.Join(" OR ", any.Parts.Select(Where)) + ")",
            Match m => Leaf(m.Filter),
            _ => throw new InvalidOperationException($"unknown condition {condition.GetType().Name}"),
        };

        private string Leaf(Filter f)
        {
            var column = Columns[f.Field.Name];
            return f.Field.Kind switch
            {
                FieldKind.Time => Time(column, f),
                FieldKind.Boolean => f.Operator == "="
                    ? $"{column} = {Add(f.Values[0] == "true")}"
                    : $"({column} IS NULL OR {column} <> {Add(f.Values[0] == "true")})",
                FieldKind.Text => Compare(column, $"lower({column})", f, [.. f.Values.Select(v => v.ToLowerInvariant())]),
                _ => Compare(column, column, f, f.Values),
            };
        }

        private string Compare(string column, string expression, Filter f, IReadOnlyList<string> values) => f.Operator switch
        {
            "=" or "in" => dialect.InList(expression, AddName(values.ToArray())),
            "!=" => $"({column} IS NULL OR NOT ({dialect.InList(expression, AddName(values.ToArray()))}))",
            _ => "(" + string.Join(" OR ", values.Select(v =>
                $"{column} {(f.Field.Kind == FieldKind.Text ? dialect.LikeOperator : "LIKE")} {Add(Pattern(f.Operator, v))} ESCAPE '\\'")) + ")",
        };

        private string Time(string column, Filter f)
        {
            var times = f.Times.ToArray();
            return f.Operator switch
            {
                "=" => dialect.InList(column, AddName(times)),
                "!=" => $"({column} IS NULL OR NOT ({dialect.InList(column, AddName(times))}))",
                var op => $"{column} {op} {Add(times[0])}",
            };
        }

        private static string Pattern(string op, string value)
        {
            var escaped = value.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
            return op switch { "startwith" => escaped + "%", "endwith" => "%" + escaped, _ => "%" + escaped + "%" };
        }

        private string Add(object value) => "@" + AddName(value);

        private string AddName(object value)
        {
            var name = "f" + (_next++).ToString(CultureInfo.InvariantCulture);
            Args.Add(name, value);
            return name;
        }
    }
}
