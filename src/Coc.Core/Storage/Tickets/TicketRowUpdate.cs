using System.Collections.Concurrent;
using System.Data.Common;
using Coc.Core.Json;
using Coc.Core.Tickets;

namespace Coc.Core.Storage.Tickets;

/// <summary>
/// The UPDATE of a ticket row that SETs only the columns the change alters. SQLite rewrites the entry of every index
/// holding a column the SET list names, changed or not, and the tickets table carries an index per v2 filter: an
/// operation typically changes two or three of them. (PostgreSQL compares the values itself; there the statement
/// is only shorter.) The state, the version and the latest entry's operator and time are always written. One
/// statement per set of columns, kept once built (few sets occur: one or two per workflow operation).
/// </summary>
internal static class TicketRowUpdate
{
    /// <summary>The columns that follow from the ticket alone, with the value each takes (as in <see cref="TicketRow.Of"/>).</summary>
    private static readonly (string Column, string Parameter, Func<Ticket, object?> Value)[] Optional =
    [
        ("status", "Status", t => t.Status), ("level", "Level", t => t.Level), ("assignee", "Assignee", t => t.CurrentAssignee),
        ("title", "Title", t => t.Title), ("description", "Description", t => t.Description), ("incident_type", "Type", t => t.Type),
        ("source", "Source", t => t.Source), ("ownership", "Ownership", t => t.Ownership),
        ("cloud_service", "CloudService", t => JsonFields.FirstValue(t.CurrentCloudService)),
        ("enterprise_project", "EnterpriseProject", t => JsonFields.FirstValue(t.EnterpriseProject)),
        ("region", "Region", t => JsonFields.FirstValue(t.Region)), ("forward_rule_id", "ForwardRuleId", t => t.ForwardRuleId),
        ("service_interrupt", "ServiceInterrupt", t => t.IsServiceInterrupt), ("start_time", "StartTime", t => t.StartTime),
        ("handle_time", "HandleTime", t => t.HandleTime),
    ];

    private static readonly string[] Always = ["Version", "State", "LastOperator", "UpdateTime"];
    private static readonly string[] Key = ["Number", "Project"];

    private static readonly ConcurrentDictionary<int, Statement> Statements = new();

    /// <summary>An UPDATE and the names of its parameters in order: <see cref="TicketRow"/> properties, then <c>ExpectedVersion</c>.</summary>
    public sealed record Statement(string Sql, string[] Parameters);

    /// <summary>The statement that writes <paramref name="after"/> over the row of <paramref name="before"/>.</summary>
    public static Statement For(Ticket before, Ticket after)
    {
        var changed = 0;
        for (var i = 0; i < Optional.Length; i++)
            if (!Equals(Optional[i].Value(before), Optional[i].Value(after))) changed |= 1 << i;
        return Statements.GetOrAdd(changed, Build);
    }

    /// <summary>Runs <paramref name="statement"/> for <paramref name="row"/>: the number of rows updated (0: the version moved on).</summary>
    public static Task<int> ExecuteAsync(DbConnection c, DbTransaction tx, Statement statement, TicketRow row, int expectedVersion)
    {
        var values = row.Parameters().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        values["ExpectedVersion"] = expectedVersion;
        return c.ExecuteKeptAsync(tx, statement.Sql, [.. statement.Parameters.Select(n => (n, values[n]))]);
    }

    private static Statement Build(int changed)
    {
        string[] names = [.. Optional.Where((_, i) => (changed & (1 << i)) != 0).Select(o => o.Parameter), .. Always];
        var columns = Optional.ToDictionary(o => o.Parameter, o => o.Column);
        columns["Version"] = "version"; columns["State"] = "state"; columns["LastOperator"] = "last_operator"; columns["UpdateTime"] = "update_time";
        var set = string.Join(", ", names.Select(n => $"{columns[n]} = @{n}"));
        return new Statement(
            $"UPDATE tickets SET {set} WHERE number = @Number AND project = @Project AND version = @ExpectedVersion",
            [.. names, .. Key, "ExpectedVersion"]);
    }
}
