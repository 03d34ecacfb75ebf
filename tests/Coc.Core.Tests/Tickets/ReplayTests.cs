using System.Globalization;
using System.Text.Json.Nodes;
using Coc.Core.Errors;
using Coc.Core.Storage;
using Coc.Core.Tickets;
using Xunit.Abstractions;

namespace Coc.Core.Tests.Tickets;

/// <summary>
/// Invariant 3 of workflow.md: the history of a ticket, replayed from creation, yields exactly its current state.
/// Random operation sequences (valid and invalid, by random operators, with the clock moving, pauses running out)
/// go through the real service and a real SQLite store; afterwards the stored history must replay to the
/// stored ticket.
/// </summary>
public class ReplayTests(ITestOutputHelper output)
{
    private const int Sequences = 200;
    private const int MaxSteps = 30;
    private const long Minute = 60_000;

    private static readonly string[] Levels = ["level_10", "level_20", "level_30", "level_40", "level_50"];
    private static readonly string[] Types =
    [
        "inc_type_p_security_issues", "inc_type_p_function_issues", "inc_type_p_reliability_issues",
        "inc_type_p_config_issues", "inc_type_p_middleware_issues", "inc_type_p_change_issues",
    ];
    private static readonly string[] Sources = ["incident_source_manual", "incident_source_forwarding", "incident_source_alarm"];
    private static readonly string[] Ownerships =
        ["incident_ownership_alarm", "incident_ownership_customer", "incident_ownership_proactive", "incident_ownership_other"];

    private sealed class Tally
    {
        public int Ok;
        public int Invalid;
        public int NotAllowed;
        public int Other;
        public readonly HashSet<string> Actions = [];
        public readonly Dictionary<string, int> AppliedByKey = [];
        public readonly HashSet<string> Statuses = [];
        public int PauseRanOut;
        public int WarRooms;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)] // through a ticket cache smaller than the number of tickets, so that it also evicts
    public async Task Replaying_the_stored_history_yields_the_stored_ticket_for_random_operation_sequences(int cache)
    {
        var random = new Random(20240318);
        using var secure = await Harness.StartAsync(emulator: false, cache: cache);
        using var emulator = await Harness.StartAsync(emulator: true, cache: cache);
        var tally = new Tally();
        var numbers = new List<(Harness H, string Number)>();

        for (var s = 0; s < Sequences; s++)
        {
            var h = s % 3 == 0 ? emulator : secure;
            var number = await CreateRandomAsync(h, random);
            numbers.Add((h, number));
            var steps = random.Next(1, MaxSteps + 1);
            for (var i = 0; i < steps; i++)
            {
                var ticket = await h.GetAsync(number);
                AdvanceClock(h, ticket, random, tally);
                var key = PickKey(ticket, random);
                var op = PickOperator(h, ticket, key, random);
                var parameter = RandomParameter(key, ticket, h.Now, random);
                try
                {
                    await h.HandleAsync(number, op, key, parameter);
                    tally.Ok++;
                    tally.AppliedByKey[key] = tally.AppliedByKey.GetValueOrDefault(key) + 1;
                }
                catch (CocException e) when (e.HttpStatus == 400) { tally.Invalid++; }
                catch (CocException e) when (e.HttpStatus == 409) { tally.NotAllowed++; }
                catch (CocException) { tally.Other++; }
            }

            await AssertReplayMatchesAsync(h, number, tally);
        }

        // Every ticket still replays at the end (later sequences wrote to the same stores).
        foreach (var (h, number) in numbers.Where((_, i) => i % 10 == 0))
            await AssertReplayMatchesAsync(h, number, tally);

        output.WriteLine($"applied {tally.Ok}, 400 {tally.Invalid}, 409 {tally.NotAllowed}, pauses run out {tally.PauseRanOut}, WarRooms {tally.WarRooms}");
        output.WriteLine(string.Join(", ", tally.AppliedByKey.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}")));

        // Not vacuous: the sequences really exercised the workflow.
        Assert.True(tally.Actions.Count >= 8, $"only {tally.Actions.Count} distinct actions: {string.Join(", ", tally.Actions)}");
        Assert.All(OperateKeys.All, k => Assert.Contains(k, tally.Actions));
        Assert.Contains(OperateKeys.Create, tally.Actions);
        Assert.All(OperateKeys.All, k => Assert.True(tally.AppliedByKey.GetValueOrDefault(k) >= 5, $"{k} applied only {tally.AppliedByKey.GetValueOrDefault(k)} times"));
        Assert.Equal(5, tally.Statuses.Count);
        Assert.True(tally.Ok > 1000, $"only {tally.Ok} operations applied");
        Assert.True(tally.Invalid > 100, $"only {tally.Invalid} invalid parameters");
        Assert.True(tally.NotAllowed > 100, $"only {tally.NotAllowed} refusals");
        Assert.True(tally.PauseRanOut > 10, $"only {tally.PauseRanOut} pauses ran out");
        Assert.True(tally.WarRooms > 5, $"only {tally.WarRooms} WarRooms");
        Assert.Equal(0, tally.Other);
    }

    private static async Task AssertReplayMatchesAsync(Harness h, string number, Tally tally)
    {
        var history = await h.Store.HistoryAsync(Harness.Project, [number]);
        var stored = await h.Store.FindAsync(Harness.Project, number);
        Assert.NotNull(stored);
        Assert.NotEmpty(history);

        var replayed = TicketEvolution.Replay(history);
        Assert.Equal(StorageJsonContext.Serialize(stored), StorageJsonContext.Serialize(replayed));
        // What the service reads (through the cache, when there is one) is what is stored.
        Assert.Equal(StorageJsonContext.Serialize(stored), StorageJsonContext.Serialize(await h.GetAsync(number)));

        Assert.Equal(Enumerable.Range(1, history.Count), history.Select(e => e.Seq));
        Assert.Equal(history.Count, stored.Version);
        Assert.All(history, e => Assert.Equal(number, e.TicketNumber));
        Assert.Equal(OperateKeys.Create, history[0].Action);
        Assert.Null(history[0].FromStatus);
        Assert.Equal(TicketStatus.Triggered, history[0].ToStatus);
        Assert.Equal(stored.Status, history[^1].ToStatus);

        Ticket? state = null;
        for (var i = 0; i < history.Count; i++)
        {
            var e = history[i];
            if (i > 0)
            {
                Assert.Equal(history[i - 1].ToStatus, e.FromStatus);
                Assert.True(e.At >= history[i - 1].At, "history times go forward");
            }
            state = TicketEvolution.Apply(state, e);
            Assert.Equal(e.ToStatus, state.Status);
            Assert.Equal(e.Seq, state.Version);
            tally.Actions.Add(e.Action);
            tally.Statuses.Add(e.ToStatus);
        }
        if (stored.WarroomId is not null) tally.WarRooms++;
    }

    // ---- random inputs ----

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static string Digits(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static async Task<string> CreateRandomAsync(Harness h, Random r)
    {
        while (true)
        {
            var level = Pick(r, Levels);
            var body = Harness.CreateBody(level, level is "level_10" or "level_20" || r.Next(3) == 0 ? "cn-north-4" : null);
            body["incident_type"] = Pick(r, Types);
            body["incident_source"] = Pick(r, Sources);
            body["is_service_interrupt"] = r.Next(2) == 0 ? "true" : false;
            body["creator"] = Pick(r, Harness.People);
            if (r.Next(3) == 0)
            {
                body.Remove("incident_assignee");
                body["assignee_scene"] = "scene-default";
                body["assignee_role"] = r.Next(2) == 0 ? "role-oncall" : "role-backup";
            }
            else body["incident_assignee"] = new JsonArray(Pick(r, Harness.People));
            if (r.Next(2) == 0) body["start_time"] = h.Now - r.Next(1, 100) * Minute;
            if (r.Next(2) == 0) body["incident_ownership"] = Pick(r, Ownerships);
            try { return await h.CreateAsync(body); }
            catch (CocException) { /* try another body */ }
        }
    }

    private static void AdvanceClock(Harness h, Ticket t, Random r, Tally tally)
    {
        if (t.PauseStartedAt is not null && t.PausedUntil is { } until && h.Now < until && r.Next(4) == 0)
        {
            // run past (or exactly to) the end of an active pause
            h.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(until + (r.Next(3) == 0 ? 0 : r.Next(1, 600_000))));
            tally.PauseRanOut++;
            return;
        }
        switch (r.Next(6))
        {
            case 0: break;
            case 1: h.Clock.Advance(TimeSpan.FromMilliseconds(r.Next(1, 1000))); break;
            case 2: h.Clock.Advance(TimeSpan.FromMilliseconds(r.Next(1, 10) * Minute)); break;
            case 3: h.Clock.Advance(TimeSpan.FromMilliseconds(r.Next(1, 120) * Minute)); break;
            default: h.Clock.Advance(TimeSpan.FromMilliseconds(r.Next(1000, 60_000))); break;
        }
    }

    /// <summary>Mostly keys that make sense in the status (hand-written, not read from the workflow table), often any key.</summary>
    private static string PickKey(Ticket t, Random r)
    {
        if (r.Next(10) < 3) return Pick(r, OperateKeys.All);
        string[] likely = t.Status switch
        {
            TicketStatus.Triggered => [OperateKeys.Accept, OperateKeys.Accept, OperateKeys.Forward, OperateKeys.Rejected],
            TicketStatus.Acknowledged when t.Pending is not null => [OperateKeys.Agreed, OperateKeys.Agreed, OperateKeys.Rejected],
            TicketStatus.Acknowledged when t.PauseStartedAt is not null =>
                [OperateKeys.Recovery, OperateKeys.CommitSolution, OperateKeys.ChangeLevel, OperateKeys.Forward],
            TicketStatus.Acknowledged =>
            [
                OperateKeys.CommitSolution, OperateKeys.Forward, OperateKeys.Pause, OperateKeys.Pause,
                OperateKeys.ChangeLevel, OperateKeys.ChangeLevel,
            ],
            TicketStatus.Rejected => [OperateKeys.ReOpen, OperateKeys.ReOpen, OperateKeys.Agreed],
            TicketStatus.Resolved => [OperateKeys.Confirm],
            _ => [.. OperateKeys.All],
        };
        return Pick(r, likely);
    }

    private static string PickOperator(Harness h, Ticket t, string key, Random r)
    {
        if (r.Next(2) == 0)
        {
            if (h.Rules.Emulator && r.Next(4) == 0) return "emu-" + r.Next(3).ToString(CultureInfo.InvariantCulture);
            return Pick(r, Harness.People);
        }
        return key switch
        {
            OperateKeys.Accept => t.CurrentAssignee ?? Harness.Assignee,
            OperateKeys.Rejected when t.Pending is null => t.CurrentAssignee ?? Harness.Assignee,
            OperateKeys.Agreed when t.Pending is null => t.Creator,
            OperateKeys.Agreed => Pick(r, Harness.People.Where(p => p != t.Pending.RequestedBy).ToList()),
            OperateKeys.ReOpen => t.Creator,
            _ => Pick(r, Harness.People),
        };
    }

    private static JsonObject? RandomParameter(string key, Ticket t, long now, Random r)
    {
        var p = ValidishParameter(key, t, now, r);
        if (p is null || r.Next(6) != 0) return p;
        // spoil it: drop a field, mistype one, or make it too long
        var fields = p.Select(kv => kv.Key).ToList();
        if (fields.Count == 0) return p;
        var field = Pick(r, fields);
        switch (r.Next(4))
        {
            case 0: p.Remove(field); break;
            case 1: p[field] = new JsonArray(1, 2); break;
            case 2: p[field] = new string('z', 10_001); break;
            default: p[field] = 12.5; break;
        }
        return p;
    }

    private static JsonNode Bool(Random r, bool value) => r.Next(2) == 0 ? value : value ? "true" : "false";

    private static JsonNode Time(Random r, long value) => r.Next(2) == 0 ? value : Digits(value);

    private static JsonObject? ValidishParameter(string key, Ticket t, long now, Random r)
    {
        switch (key)
        {
            case OperateKeys.Accept:
                return r.Next(2) == 0 ? null : new JsonObject();
            case OperateKeys.CommitSolution:
            {
                var p = new JsonObject
                {
                    ["mtm_type"] = Pick(r, Types),
                    ["is_service_interrupt"] = Bool(r, r.Next(2) == 0),
                    ["cause"] = "cause " + r.Next(),
                    ["solution"] = "solution " + r.Next(),
                };
                if (r.Next(3) == 0) p["start_time"] = Time(r, now - r.Next(10, 100) * Minute);
                if (r.Next(3) == 0) p["fault_recovery_time"] = Time(r, now - r.Next(0, 60) * Minute);
                if (r.Next(5) == 0) p["resolve_attachments"] = new JsonArray();
                return p;
            }
            case OperateKeys.Confirm:
                return new JsonObject { ["virtual_confirm_result"] = Bool(r, r.Next(3) != 0), ["virtual_confirm_comment"] = "checked" };
            case OperateKeys.Forward:
            {
                var p = r.Next(3) == 0
                    ? new JsonObject { ["virtual_schedule_type"] = "scene-default", ["virtual_schedule_role"] = r.Next(2) == 0 ? "role-oncall" : "role-backup" }
                    : new JsonObject { ["virtual_send_assignee"] = Pick(r, Harness.People) };
                if (r.Next(2) == 0) p["virtual_send_comment"] = "over to you";
                if (r.Next(4) == 0) p["virtual_current_location_info"] = "step 3";
                return p;
            }
            case OperateKeys.Pause:
                return new JsonObject
                {
                    ["pause_reason"] = "waiting",
                    ["pause_end_time"] = Time(r, now + (r.Next(8) == 0 ? -r.Next(0, 1000) : r.Next(1, 180) * Minute)),
                };
            case OperateKeys.ChangeLevel:
                return new JsonObject { ["virtual_target_level"] = Pick(r, Levels), ["virtual_change_level_comment"] = "reassessed" };
            case OperateKeys.Agreed:
            {
                var p = new JsonObject();
                if (r.Next(2) == 0) p["note"] = "agreed";
                if (r.Next(3) == 0) p["pause_approve_conclusion"] = Bool(r, r.Next(6) != 0);
                if (r.Next(4) == 0) p["conclusion"] = Bool(r, true);
                return p;
            }
            case OperateKeys.Rejected:
            {
                var p = new JsonObject();
                if (t.Pending is null || r.Next(4) == 0) p["virtual_confirm_comment"] = "declined";
                if (r.Next(2) == 0) p["note"] = "refused";
                if (r.Next(3) == 0) p["conclusion"] = Bool(r, r.Next(6) == 0);
                return p;
            }
            case OperateKeys.Recovery:
                return r.Next(2) == 0 ? null : new JsonObject { ["note"] = "resumed" };
            case OperateKeys.ReOpen:
            {
                var p = new JsonObject();
                if (r.Next(2) == 0) p["title"] = "reopened " + r.Next(100);
                if (r.Next(3) == 0) p["description"] = "more detail";
                if (r.Next(3) == 0)
                {
                    var level = Pick(r, Levels);
                    p["level_id"] = level;
                    if (level is "level_10" or "level_20" && r.Next(4) != 0) p["mtm_region"] = new JsonArray("cn-south-1");
                }
                if (r.Next(4) == 0) p["mtm_type"] = Pick(r, Types);
                if (r.Next(4) == 0) p["is_service_interrupt"] = Bool(r, r.Next(2) == 0);
                if (r.Next(4) == 0) p["source_id"] = Pick(r, Sources);
                if (r.Next(4) == 0) p["incident_ownership"] = Pick(r, Ownerships);
                if (r.Next(4) == 0) p["start_time"] = Time(r, now - r.Next(1, 500) * Minute);
                if (r.Next(4) == 0) p["enterprise_project_id"] = new JsonArray("ep-" + r.Next(3));
                if (r.Next(4) == 0) p["current_cloud_service_id"] = new JsonArray("app-123");
                switch (r.Next(4))
                {
                    case 0: p["assignee"] = new JsonArray(Pick(r, Harness.People)); break;
                    case 1: p["assignee_scene"] = "scene-default"; p["assignee_role"] = r.Next(2) == 0 ? "role-oncall" : "role-backup"; break;
                }
                return p;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(key));
        }
    }
}
