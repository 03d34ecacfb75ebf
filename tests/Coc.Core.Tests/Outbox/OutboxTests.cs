using System.Text.Json.Nodes;
using Coc.Core.Errors;
using Coc.Core.Storage;
using Coc.Core.Storage.Outbox;
using Coc.Core.Tests.Tickets;
using Coc.Core.Tickets;
using Coc.Core.Webhooks;
using Dapper;

namespace Coc.Core.Tests.Outbox;

/// <summary>The outbox (outbound.md, Events): one event row per acknowledged ticket change, written in its transaction;
/// none for a change that did not commit; deliveries fanned out to the project's subscriptions in the same transaction.</summary>
public sealed class OutboxTests
{
    private static Task<List<(string EventId, string Type, string? Number, int? TicketSeq)>> EventsAsync(Harness h) =>
        h.Database.ReadAsync(async c => (await c.QueryAsync<(string, string, string?, int?)>(
            "SELECT event_id, type, number, ticket_seq FROM events ORDER BY seq")).ToList(), default);

    private static Task<long> DeliveriesAsync(Harness h) =>
        h.Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM webhook_deliveries"), default);

    private static Task SubscribeAsync(Harness h, string project, string types) =>
        h.Database.WriteAsync((c, tx) => c.ExecuteAsync(
            """
            INSERT INTO webhooks (id, project, url, event_types, description, enabled, secret, created_at, updated_at)
            VALUES (@id, @project, 'https://receiver.example/hook', @types, NULL, TRUE, 'x', 0, 0)
            """, new { id = "wh-" + Guid.NewGuid().ToString("N")[..12], project, types = EventTypeFilter.Store(EventTypeFilter.Parse(types)) }, tx), default);

    [Fact]
    public async Task An_acknowledged_create_and_an_operation_have_exactly_one_event_each()
    {
        using var h = await Harness.StartAsync();
        var n = await h.CreateAsync();
        await h.AcceptAsync(n);

        var events = await EventsAsync(h);
        Assert.Equal([("incident.created", n, 1), ("incident.acceptedIncident1", n, 2)],
            events.Select(e => (e.Type, e.Number, e.TicketSeq)).ToList());
        Assert.All(events, e => Assert.Matches("^evt_[a-z0-9]{24}$", e.EventId));
        Assert.Equal(2, events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public void Event_ids_sort_by_time_so_the_unique_index_grows_at_its_right_edge_and_stay_unique()
    {
        var earlier = Enumerable.Range(0, 200).Select(_ => OutboxEvent.NewId(1_764_650_000_000)).ToList();
        var later = OutboxEvent.NewId(1_764_650_000_001);
        var muchLater = OutboxEvent.NewId(1_764_650_000_000 + 36L * 36 * 36 * 36);

        Assert.All(earlier, id => Assert.True(string.CompareOrdinal(id, later) < 0, $"{id} sorts after {later}"));
        Assert.True(string.CompareOrdinal(later, muchLater) < 0);
        Assert.All(earlier.Append(later), id => Assert.Matches("^evt_[a-z0-9]{24}$", id));
        Assert.Equal(200, earlier.Distinct().Count());
    }

    [Fact]
    public void The_random_part_of_event_ids_uses_the_whole_alphabet_evenly()
    {
        var counts = new Dictionary<char, int>();
        for (var i = 0; i < 20_000; i++)
            foreach (var ch in OutboxEvent.NewId(1_764_650_000_000).AsSpan(13))
                counts[ch] = counts.GetValueOrDefault(ch) + 1;

        // 300,000 characters over 36: about 8,333 each (σ ≈ 90). Mapping every byte with b % 36 would give four of
        // them about 9,375; an alphabet cut short would leave some at 0.
        Assert.Equal(36, counts.Count);
        Assert.All(counts, kv => Assert.InRange(kv.Value, 7_833, 8_833));
    }

    [Fact]
    public async Task A_change_that_loses_on_the_version_leaves_no_event()
    {
        using var h = await Harness.StartAsync();
        var n = await h.CreateAsync();
        var stale = await h.GetAsync(n);
        await h.AcceptAsync(n);
        var entry = new HistoryEntry
        {
            TicketNumber = n, Project = Harness.Project, Seq = stale.Version + 1, Action = OperateKeys.Accept, Operator = Harness.Assignee,
            Principal = Harness.Principal, At = h.Now, FromStatus = stale.Status, ToStatus = TicketStatus.Acknowledged, Change = new Accepted(),
        };
        var outcome = await h.Store.ApplyAsync(stale, TicketEvolution.Apply(stale, entry), entry);

        Assert.Equal(WriteOutcome.VersionConflict, outcome);
        Assert.Equal(2, (await EventsAsync(h)).Count);
    }

    [Fact]
    public async Task A_write_that_fails_inside_its_transaction_leaves_no_event_and_no_delivery()
    {
        using var h = await Harness.StartAsync();
        await SubscribeAsync(h, Harness.Project, "*");
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        var before = (await EventsAsync(h)).Count;

        // The history entry is written, then linking an attachment that does not exist fails: the whole write rolls back.
        var e = await Assert.ThrowsAsync<CocException>(() => h.HandleAsync(n, Harness.Assignee, OperateKeys.CommitSolution, new JsonObject
        {
            ["mtm_type"] = Harness.Type, ["is_service_interrupt"] = false, ["cause"] = "c", ["solution"] = "s",
            ["resolve_attachments"] = new JsonArray("no-such-doc"),
        }));

        Assert.Contains("no-such-doc", e.Message);
        Assert.Equal(before, (await EventsAsync(h)).Count);
        Assert.Equal(before, await DeliveriesAsync(h));
        Assert.Equal(2, (await h.HistoryAsync(n)).Count);
    }

    [Fact]
    public async Task A_change_that_moves_the_level_or_starts_a_WarRoom_says_so_in_events_of_its_own()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged, level: "level_40");
        await h.HandleAsync(n, Harness.Assignee, OperateKeys.ChangeLevel, Harness.LevelChange("level_10"));

        var types = (await EventsAsync(h)).Where(e => e.TicketSeq == 3).Select(e => e.Type).ToList();
        Assert.Equal([EventTypes.Prefix + OperateKeys.ChangeLevel, EventTypes.LevelChanged, EventTypes.WarroomStarted], types);
    }

    [Fact]
    public async Task A_v2_remark_and_the_alarm_pipelines_entries_have_the_types_subscriptions_can_name()
    {
        using var h = await Harness.StartAsync();
        var n = await h.CreateAsync();
        var ticket = await h.GetAsync(n);
        HistoryEntry Entry(string action, TicketChange change) => new()
        {
            TicketNumber = n, Project = Harness.Project, Seq = ticket.Version + 1, Action = action, Operator = Harness.Creator,
            Principal = Harness.Principal, At = h.Now, FromStatus = ticket.Status, ToStatus = ticket.Status, Change = change,
        };

        Assert.Equal([EventTypes.RemarkAdded], EventTypes.Of(ticket, ticket, Entry(OperateKeys.AddRemark, new RemarkAdded("checked the logs"))));
        var linked = EventTypes.Of(ticket, ticket, Entry(ActionNames.AlarmLinkedAction, new AlarmLinked("ALM1", "HighCPU")));
        var resolved = EventTypes.Of(ticket, ticket, Entry(ActionNames.AlarmsResolvedAction, new AlarmsResolved(2)));
        Assert.Equal(["incident.alarm_linked"], linked);
        Assert.Equal(["incident.alarms_resolved"], resolved);
        Assert.All(linked.Concat(resolved), t => Assert.True(EventTypes.IsKnown(t), t));
    }

    [Fact]
    public async Task Deliveries_go_to_the_subscriptions_of_the_project_that_want_the_type()
    {
        using var h = await Harness.StartAsync();
        await SubscribeAsync(h, Harness.Project, "*");
        await SubscribeAsync(h, Harness.Project, "incident.acceptedIncident1");
        await SubscribeAsync(h, "another-project", "*");
        var n = await h.CreateAsync();
        Assert.Equal(1, await DeliveriesAsync(h));
        await h.AcceptAsync(n);
        Assert.Equal(3, await DeliveriesAsync(h));
    }
}
