using System.Text.Json.Nodes;
using Coc.Core.Json;
using Coc.Core.Storage;
using Coc.Core.Storage.Tickets;
using Coc.Core.Tests.Tickets;
using Coc.Core.Tickets;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Coc.Core.Tests.Storage;

/// <summary>
/// An operation SETs only the ticket columns it changes (an unchanged indexed column then costs no index write), and
/// every column still holds what the ticket says. SQLite's <c>AFTER UPDATE OF column</c> trigger fires when the column
/// is in the SET list, whether or not its value changes: exactly what decides whether SQLite rewrites its indexes.
/// </summary>
public sealed class TicketRowUpdateTests() : ScratchDirectory("row-update")
{
    private static readonly string[] Columns =
    [
        "status", "level", "assignee", "creator", "title", "description", "create_time", "version", "state", "incident_type", "source",
        "ownership", "last_operator", "cloud_service", "enterprise_project", "region", "forward_rule_id", "service_interrupt",
        "update_time", "start_time", "handle_time",
    ];

    /// <summary>Every update of a ticket row from now on records which columns its SET list names.</summary>
    private async Task RecordSetColumnsAsync()
    {
        await using var c = new SqliteConnection($"Data Source={DataPath};Pooling=False");
        await c.OpenAsync();
        await c.ExecuteAsync("CREATE TABLE set_columns (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        foreach (var column in Columns)
            await c.ExecuteAsync($"CREATE TRIGGER set_{column} AFTER UPDATE OF {column} ON tickets BEGIN INSERT INTO set_columns (name) VALUES ('{column}'); END");
    }

    private async Task<HashSet<string>> TakeSetColumnsAsync()
    {
        await using var c = new SqliteConnection($"Data Source={DataPath};Pooling=False");
        await c.OpenAsync();
        var names = (await c.QueryAsync<string>("SELECT name FROM set_columns")).ToHashSet();
        await c.ExecuteAsync("DELETE FROM set_columns");
        return names;
    }

    [Fact]
    public async Task Accepting_sets_the_status_and_not_the_columns_it_leaves_alone()
    {
        using var h = await Harness.StartAsync(path: DataPath);
        var n = await h.CreateAsync();
        await RecordSetColumnsAsync();

        await h.AcceptAsync(n);

        var set = await TakeSetColumnsAsync();
        Assert.Contains("status", set);
        Assert.Contains("state", set);
        Assert.Contains("version", set);
        Assert.Contains("update_time", set);
        foreach (var unchanged in (string[])["level", "assignee", "creator", "title", "description", "create_time", "incident_type", "source",
                     "ownership", "cloud_service", "enterprise_project", "region", "forward_rule_id", "service_interrupt", "start_time"])
            Assert.DoesNotContain(unchanged, set);
    }

    [Fact]
    public async Task A_solution_sets_the_type_and_interruption_it_changes_but_not_the_status_of_an_earlier_step()
    {
        using var h = await Harness.StartAsync(path: DataPath);
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        await RecordSetColumnsAsync();

        await h.HandleAsync(n, Harness.Assignee, OperateKeys.CommitSolution, Harness.Solution()); // config issues, interrupted

        var set = await TakeSetColumnsAsync();
        Assert.Contains("status", set);
        Assert.Contains("incident_type", set);
        Assert.Contains("service_interrupt", set);
        foreach (var unchanged in (string[])["level", "assignee", "title", "description", "region", "source"]) Assert.DoesNotContain(unchanged, set);
    }

    [Theory]
    [InlineData(TicketState.Triggered)]
    [InlineData(TicketState.Acknowledged)]
    [InlineData(TicketState.Resolved)]
    [InlineData(TicketState.Completed)]
    [InlineData(TicketState.Rejected)]
    [InlineData(TicketState.AcknowledgedPendingLevel)]
    [InlineData(TicketState.AcknowledgedPaused)]
    public async Task Every_column_holds_what_the_ticket_and_its_latest_entry_say(TicketState state)
    {
        using var h = await Harness.StartAsync(path: DataPath);
        var n = await h.ArrangeAsync(state, level: "level_50"); // pending level: level_50 → level_40 is an escalation, applied at once

        var ticket = await h.GetAsync(n);
        var latest = (await h.HistoryAsync(n)).MaxBy(e => e.Seq)!;
        var row = await ReadRowAsync(n);
        Assert.Equal(ticket.Status, row.status);
        Assert.Equal(ticket.Level, row.level);
        Assert.Equal(ticket.CurrentAssignee, row.assignee);
        Assert.Equal(ticket.Title, row.title);
        Assert.Equal(ticket.Description, row.description);
        Assert.Equal(ticket.Version, (int)row.version);
        Assert.Equal(ticket.Type, row.incident_type);
        Assert.Equal(ticket.Source, row.source);
        Assert.Equal(ticket.Ownership, row.ownership);
        Assert.Equal(JsonFields.FirstValue(ticket.Region), row.region);
        Assert.Equal(JsonFields.FirstValue(ticket.CurrentCloudService), row.cloud_service);
        Assert.Equal(ticket.IsServiceInterrupt, row.service_interrupt != 0);
        Assert.Equal(ticket.StartTime, row.start_time);
        Assert.Equal(ticket.HandleTime, row.handle_time);
        Assert.Equal(latest.Operator, row.last_operator);
        Assert.Equal(latest.At, row.update_time);
    }

    [Fact]
    public async Task Two_changes_from_the_same_version_have_one_winner()
    {
        using var h = await Harness.StartAsync(path: DataPath);
        var n = await h.CreateAsync();
        var before = await h.GetAsync(n);
        Task<WriteOutcome> Apply(string operatorId, string level)
        {
            var entry = new HistoryEntry
            {
                TicketNumber = n, Project = Harness.Project, Seq = before.Version + 1, Action = OperateKeys.Accept, Operator = operatorId,
                Principal = Harness.Principal, At = h.Now, FromStatus = before.Status, ToStatus = TicketStatus.Acknowledged, Change = new Accepted(),
            };
            return h.Store.ApplyAsync(before, TicketEvolution.Apply(before, entry) with { Level = level }, entry);
        }

        var outcomes = await Task.WhenAll(Apply(Harness.Assignee, "level_40"), Apply(Harness.Bob, "level_50"));

        Assert.Single(outcomes, WriteOutcome.Written);
        Assert.Single(outcomes, WriteOutcome.VersionConflict);
        var row = await ReadRowAsync(n);
        var winner = outcomes[0] == WriteOutcome.Written ? (Harness.Assignee, "level_40") : (Harness.Bob, "level_50");
        Assert.Equal(winner, (row.last_operator, row.level));
        Assert.Equal(winner.Item2, (await h.GetAsync(n)).Level);
    }

    private async Task<Row> ReadRowAsync(string number)
    {
        await using var c = new SqliteConnection($"Data Source={DataPath};Pooling=False;Mode=ReadOnly");
        await c.OpenAsync();
        return await c.QuerySingleAsync<Row>($"SELECT {string.Join(", ", Columns.Where(x => x != "state"))} FROM tickets WHERE number = @number", new { number });
    }

    private sealed class Row
    {
        public string status { get; init; } = "";
        public string level { get; init; } = "";
        public string? assignee { get; init; }
        public string creator { get; init; } = "";
        public string title { get; init; } = "";
        public string? description { get; init; }
        public long create_time { get; init; }
        public long version { get; init; }
        public string incident_type { get; init; } = "";
        public string source { get; init; } = "";
        public string? ownership { get; init; }
        public string? last_operator { get; init; }
        public string? cloud_service { get; init; }
        public string? enterprise_project { get; init; }
        public string? region { get; init; }
        public string? forward_rule_id { get; init; }
        public long service_interrupt { get; init; }
        public long? update_time { get; init; }
        public long? start_time { get; init; }
        public long? handle_time { get; init; }
    }
}
