using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coc.Core.Errors;
using Coc.Core.Storage;
using Coc.Core.Tickets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Coc.Core.Tests.Tickets;

/// <summary>TicketService: idempotent create, numbers, the order of checks, and concurrency (api.md, workflow.md).</summary>
public class ServiceTests
{
    // ---- idempotency ----

    [Fact]
    public async Task The_same_idempotency_key_and_body_return_the_first_ticket()
    {
        using var h = await Harness.StartAsync();
        var first = await h.CreateAsync(Harness.CreateBody(), "key-1");
        h.Clock.Advance(TimeSpan.FromMilliseconds(1000));
        var second = await h.CreateAsync(Harness.CreateBody(), "key-1");
        Assert.Equal(first, second);
        var page = await h.Service.ListAsync(Harness.Project, new TicketQuery());
        Assert.Equal(1, page.Total);
        Assert.Single(page.Tickets);
        Assert.Single(await h.HistoryAsync(first));
    }

    [Fact]
    public async Task The_same_body_with_keys_in_another_order_is_the_same_request()
    {
        using var h = await Harness.StartAsync();
        var body = Harness.CreateBody();
        var reordered = new JsonObject();
        foreach (var kv in body.Reverse().ToList()) reordered[kv.Key] = kv.Value?.DeepClone();
        var first = await h.CreateAsync(body, "key-order");
        var second = await h.Service.CreateAsync(Harness.Project,
            Harness.Json(JsonNode.Parse("  " + reordered.ToJsonString() + "\n")!), "key-order", Harness.Principal);
        Assert.Equal(first, second);
        Assert.Equal(1, (await h.Service.ListAsync(Harness.Project, new TicketQuery())).Total);
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_400()
    {
        using var h = await Harness.StartAsync();
        var first = await h.CreateAsync(Harness.CreateBody(), "key-2");
        var other = Harness.CreateBody();
        other["incident_title"] = "Something else";
        await CocAssert.InvalidAsync(() => h.CreateAsync(other, "key-2"), "Idempotency-Key");
        var page = await h.Service.ListAsync(Harness.Project, new TicketQuery());
        Assert.Equal(1, page.Total);
        Assert.Equal(first, page.Tickets[0].Number);
    }

    [Fact]
    public async Task A_create_that_failed_with_400_is_not_remembered()
    {
        using var h = await Harness.StartAsync();
        var bad = Harness.CreateBody();
        bad.Remove("incident_title");
        await CocAssert.InvalidAsync(() => h.CreateAsync(bad, "key-3"), "incident_title");
        Assert.Equal(0, (await h.Service.ListAsync(Harness.Project, new TicketQuery())).Total);

        // the key is still free: a different (valid) body with it creates a ticket, and a retry finds that one
        var n = await h.CreateAsync(Harness.CreateBody(), "key-3");
        Assert.Equal(n, await h.CreateAsync(Harness.CreateBody(), "key-3"));
        Assert.Equal(1, (await h.Service.ListAsync(Harness.Project, new TicketQuery())).Total);
    }

    [Fact]
    public async Task Idempotency_keys_are_per_project()
    {
        using var h = await Harness.StartAsync();
        var a = await h.CreateAsync(Harness.CreateBody(), "shared-key", "project-a");
        var b = await h.CreateAsync(Harness.CreateBody(), "shared-key", "project-b");
        Assert.NotEqual(a, b);
        Assert.Equal(1, (await h.Service.ListAsync("project-a", new TicketQuery())).Total);
        Assert.Equal(1, (await h.Service.ListAsync("project-b", new TicketQuery())).Total);
    }

    [Fact]
    public async Task Idempotency_keys_are_kept_24_hours()
    {
        using var h = await Harness.StartAsync();
        var first = await h.CreateAsync(Harness.CreateBody(), "day-key");
        h.Clock.Advance(TimeSpan.FromMilliseconds(24 * 3_600_000L - 1));
        Assert.Equal(first, await h.CreateAsync(Harness.CreateBody(), "day-key"));
        h.Clock.Advance(TimeSpan.FromMilliseconds(2));
        var later = await h.CreateAsync(Harness.CreateBody(), "day-key");
        Assert.NotEqual(first, later);
        Assert.Equal(2, (await h.Service.ListAsync(Harness.Project, new TicketQuery())).Total);
    }

    [Fact]
    public async Task Without_a_key_every_create_is_a_new_ticket()
    {
        using var h = await Harness.StartAsync();
        var a = await h.CreateAsync();
        var b = await h.CreateAsync();
        Assert.NotEqual(a, b);
        Assert.Equal(2, (await h.Service.ListAsync(Harness.Project, new TicketQuery())).Total);
    }

    [Theory]
    [InlineData("")]
    [InlineData("k")]
    public async Task An_idempotency_key_must_be_1_to_255_characters(string seed)
    {
        using var h = await Harness.StartAsync();
        var key = seed.Length == 0 ? "" : new string('k', 256);
        await CocAssert.InvalidAsync(() => h.CreateAsync(Harness.CreateBody(), key), "Idempotency-Key");
        await h.CreateAsync(Harness.CreateBody(), new string('k', 255));
    }

    // ---- numbers ----

    [Theory]
    [InlineData("2024-03-18T05:22:03.172Z", "20240318132203")] // seed 002: create_time 1710739323172
    [InlineData("2024-03-18T16:30:00.000Z", "20240319003000")] // the date rolls over at UTC+8
    [InlineData("2023-12-31T23:59:59.999Z", "20240101075959")]
    public async Task Ticket_numbers_are_IM_and_the_local_UTC_plus_8_timestamp_and_10_digits(string utc, string local)
    {
        var at = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
        using var h = await Harness.StartAsync(clock: new FakeTimeProvider(at));
        var n = await h.CreateAsync();
        Assert.Matches(new Regex(@"^IM\d{24}$"), n);
        Assert.Equal(local, n.Substring(2, 14));
        var t = await h.GetAsync(n);
        Assert.Equal(at.ToUnixTimeMilliseconds(), t.CreateTime);
        Assert.Equal(n, t.Number);
        Assert.Equal(1, t.Version);

        var w = await h.CreateAsync(Harness.CreateBody("level_10", "cn-north-4"));
        var warroom = (await h.GetAsync(w)).WarroomId;
        Assert.NotNull(warroom);
        Assert.Matches(new Regex(@"^WR\d{24}$"), warroom);
        Assert.Equal(local, warroom.Substring(2, 14));
    }

    [Fact]
    public async Task A_WarRoom_level_create_without_region_writes_nothing()
    {
        using var h = await Harness.StartAsync();
        await CocAssert.InvalidAsync(() => h.CreateAsync(Harness.CreateBody("level_10"), "wr-key"),
            "region is required: a WarRoom auto-starts for level_10");
        Assert.Equal(0, (await h.Service.ListAsync(Harness.Project, new TicketQuery())).Total);
        var n = await h.CreateAsync(Harness.CreateBody("level_30"), "wr-key"); // the key was not remembered
        Assert.Null((await h.GetAsync(n)).WarroomId);
    }

    [Fact]
    public void Seed_002_create_time_is_13_22_03_at_UTC_plus_8()
    {
        var n = new TicketNumbers(TicketNumbers.DefaultOffset).NewTicketNumber(1710739323172);
        Assert.StartsWith("IM20240318132203", n, StringComparison.Ordinal);
        Assert.Equal(26, n.Length);
    }

    [Fact]
    public async Task Many_tickets_created_in_the_same_millisecond_get_distinct_numbers()
    {
        using var h = await Harness.StartAsync();
        var numbers = new HashSet<string>();
        for (var i = 0; i < 200; i++) Assert.True(numbers.Add(await h.CreateAsync()));
        Assert.Equal(200, (await h.Service.ListAsync(Harness.Project, new TicketQuery())).Total);
    }

    [Fact]
    public async Task Creation_is_the_first_history_entry()
    {
        using var h = await Harness.StartAsync();
        var n = await h.CreateAsync();
        var e = Assert.Single(await h.HistoryAsync(n));
        Assert.Equal(1, e.Seq);
        Assert.Equal(OperateKeys.Create, e.Action);
        Assert.Equal(Harness.Creator, e.Operator);
        Assert.Equal(h.Now, e.At);
        Assert.Null(e.FromStatus);
        Assert.Equal(TicketStatus.Triggered, e.ToStatus);
        Assert.IsType<Created>(e.Change);
    }

    // ---- order of checks (workflow.md: "A handle request is checked in this order") ----

    [Fact]
    public async Task An_unknown_operate_key_is_400_before_the_ticket_is_looked_up()
    {
        using var h = await Harness.StartAsync();
        var e = await CocAssert.InvalidAsync(() => h.HandleAsync("IM000000000000000000000000", Harness.Assignee, "acceptIncident"), "operate_key");
        Assert.Equal("The field[operate_key] value[acceptIncident] invalid", e.Message);
    }

    [Fact]
    public async Task An_unknown_ticket_or_one_of_another_project_is_COC_00067003()
    {
        using var h = await Harness.StartAsync();
        var e = await Assert.ThrowsAsync<CocException>(() => h.HandleAsync("IM000000000000000000000000", Harness.Assignee, OperateKeys.Accept));
        Assert.Equal(400, e.HttpStatus);
        Assert.Equal(CocErrors.TicketNotFoundCode, e.ErrorCode);

        var other = await h.CreateAsync(project: "project-b");
        e = await Assert.ThrowsAsync<CocException>(() => h.HandleAsync(other, Harness.Assignee, OperateKeys.Accept));
        Assert.Equal(CocErrors.TicketNotFoundCode, e.ErrorCode);
        e = await Assert.ThrowsAsync<CocException>(() => h.GetAsync(other));
        Assert.Equal(CocErrors.TicketNotFoundCode, e.ErrorCode);
        Assert.Empty(await h.HistoryAsync(other));
        Assert.Equal(TicketStatus.Triggered, (await h.Service.GetAsync("project-b", other)).Status);
    }

    [Fact]
    public async Task Not_allowed_answers_before_an_invalid_parameter()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Triggered);
        // commitSolution1 is not allowed in TRIGGERED: 409 although its parameters are missing too
        await CocAssert.NotAllowedAsync(() => h.HandleAsync(n, Harness.Assignee, OperateKeys.CommitSolution));
        // accept by a non-assignee: 409, whatever the parameter
        await CocAssert.NotAllowedAsync(() => h.HandleAsync(n, Harness.Bob, OperateKeys.Accept, new JsonObject { ["x"] = 1 }));
    }

    [Fact]
    public async Task A_failed_operation_changes_nothing()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        var before = StorageJsonContext.Serialize(await h.GetAsync(n));
        var history = (await h.HistoryAsync(n)).Count;
        await CocAssert.InvalidAsync(() => h.HandleAsync(n, Harness.Assignee, OperateKeys.CommitSolution, new JsonObject { ["cause"] = "x" }), "parameter.");
        await CocAssert.NotAllowedAsync(() => h.HandleAsync(n, Harness.Assignee, OperateKeys.Accept));
        Assert.Equal(before, StorageJsonContext.Serialize(await h.GetAsync(n)));
        Assert.Equal(history, (await h.HistoryAsync(n)).Count);
    }

    [Fact]
    public async Task Each_operation_records_one_history_entry_with_its_parameter_and_comment()
    {
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Resolved);
        h.Clock.Advance(TimeSpan.FromMilliseconds(5000));
        var p = new JsonObject { ["virtual_confirm_result"] = true, ["virtual_confirm_comment"] = "looks good" };
        await h.HandleAsync(n, Harness.Carol, OperateKeys.Confirm, p);
        var history = await h.HistoryAsync(n);
        Assert.Equal(4, history.Count); // create, accept, solution, confirm
        var e = history[^1];
        Assert.Equal(4, e.Seq);
        Assert.Equal(OperateKeys.Confirm, e.Action);
        Assert.Equal(Harness.Carol, e.Operator);
        Assert.Equal(h.Now, e.At);
        Assert.Equal(TicketStatus.Resolved, e.FromStatus);
        Assert.Equal(TicketStatus.Completed, e.ToStatus);
        Assert.Equal("looks good", e.Change.Comment);
        Assert.True(JsonNode.DeepEquals(p, JsonNode.Parse(e.ParameterJson!)));
        var t = await h.GetAsync(n);
        Assert.Equal(h.Now, t.CompleteTime);
    }

    [Fact]
    public async Task Accept_time_is_the_first_accept_and_handle_time_the_latest_solution()
    {
        using var h = await Harness.StartAsync();
        var n = await h.CreateAsync();
        h.Clock.Advance(TimeSpan.FromMilliseconds(1000));
        var firstAccept = h.Now;
        await h.AcceptAsync(n);
        h.Clock.Advance(TimeSpan.FromMilliseconds(1000));
        await h.HandleAsync(n, Harness.Carol, OperateKeys.Forward, new JsonObject { ["virtual_send_assignee"] = Harness.Bob });
        h.Clock.Advance(TimeSpan.FromMilliseconds(1000));
        await h.AcceptAsync(n, Harness.Bob);
        h.Clock.Advance(TimeSpan.FromMilliseconds(1000));
        await h.HandleAsync(n, Harness.Bob, OperateKeys.CommitSolution, Harness.Solution());
        await h.HandleAsync(n, Harness.Carol, OperateKeys.Confirm, new JsonObject { ["virtual_confirm_result"] = false, ["virtual_confirm_comment"] = "again" });
        h.Clock.Advance(TimeSpan.FromMilliseconds(1000));
        var latest = h.Now;
        await h.HandleAsync(n, Harness.Bob, OperateKeys.CommitSolution, Harness.Solution());
        var t = await h.GetAsync(n);
        Assert.Equal(firstAccept, t.AcceptTime);
        Assert.Equal(latest, t.HandleTime);
        Assert.Null(t.CompleteTime);
    }

    [Fact]
    public async Task An_operation_fails_as_a_whole_when_part_of_its_write_fails()
    {
        // invariant 1: status, fields and the history entry commit together or not at all
        using var h = await Harness.StartAsync();
        var n = await h.ArrangeAsync(TicketState.Acknowledged);
        var before = StorageJsonContext.Serialize(await h.GetAsync(n));
        var p = Harness.Solution();
        p["resolve_attachments"] = new JsonArray("no-such-doc");
        await CocAssert.InvalidAsync(() => h.HandleAsync(n, Harness.Assignee, OperateKeys.CommitSolution, p), "no-such-doc");
        Assert.Equal(before, StorageJsonContext.Serialize(await h.GetAsync(n)));
        Assert.Equal(2, (await h.HistoryAsync(n)).Count);

        // the store is still usable and the same operation without the bad link applies
        await h.HandleAsync(n, Harness.Assignee, OperateKeys.CommitSolution, Harness.Solution());
        var history = await h.HistoryAsync(n);
        Assert.Equal(3, history.Count);
        Assert.Equal(StorageJsonContext.Serialize(await h.GetAsync(n)), StorageJsonContext.Serialize(TicketEvolution.Replay(history)));
    }

    [Fact]
    public async Task A_linked_attachment_belongs_to_its_ticket_and_cannot_be_linked_again()
    {
        using var h = await Harness.StartAsync();
        var a = await h.ArrangeAsync(TicketState.Acknowledged);
        var b = await h.ArrangeAsync(TicketState.Acknowledged);
        await h.Attachments.SaveAttachmentAsync(new AttachmentInfo("doc-1", Harness.Project, null, "log.txt", "text/plain", 3, h.Now), "abc"u8.ToArray());
        var p = Harness.Solution();
        p["resolve_attachments"] = new JsonArray("doc-1");
        await h.HandleAsync(a, Harness.Assignee, OperateKeys.CommitSolution, p);
        Assert.Equal(a, (await h.Attachments.FindAttachmentAsync(Harness.Project, "doc-1"))?.TicketNumber);
        await CocAssert.InvalidAsync(() => h.HandleAsync(b, Harness.Assignee, OperateKeys.CommitSolution, p), "doc-1");
        Assert.Equal(TicketStatus.Acknowledged, (await h.GetAsync(b)).Status);
    }

    [Fact]
    public async Task Parallel_creates_with_one_idempotency_key_make_one_ticket()
    {
        var path = TempDatabase(out var dir);
        var h = await Harness.StartAsync(path: path);
        try
        {
            var numbers = new System.Collections.Concurrent.ConcurrentBag<string>();
            var (ok, errors, unexpected) = await RaceAsync(20, async _ => numbers.Add(await h.CreateAsync(Harness.CreateBody(), "race-key")));
            Assert.Empty(unexpected);
            Assert.All(errors, e => Assert.Equal((409, CocErrors.ConcurrentUpdateCode), (e.HttpStatus, e.ErrorCode)));
            Assert.True(ok >= 1);
            Assert.Single(numbers.Distinct());
            Assert.Equal(1, (await h.Service.ListAsync(Harness.Project, new TicketQuery())).Total);
        }
        finally
        {
            Cleanup(h, dir);
        }
    }

    // ---- concurrency ----

    private static string TempDatabase(out string dir)
    {
        dir = Path.Combine(Path.GetTempPath(), "coc-core-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, "coc.db");
    }

    private static void Cleanup(Harness h, string dir)
    {
        h.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static async Task<(int Ok, List<CocException> Errors, List<Exception> Unexpected)> RaceAsync(int n, Func<int, Task> op)
    {
        var tasks = Enumerable.Range(0, n).Select(i => Task.Run(() => op(i))).ToArray();
        try { await Task.WhenAll(tasks); } catch (Exception) { /* inspected per task below */ }
        var errors = new List<CocException>();
        var unexpected = new List<Exception>();
        foreach (var t in tasks.Where(t => t.IsFaulted))
        foreach (var e in t.Exception!.InnerExceptions)
            if (e is CocException c) errors.Add(c); else unexpected.Add(e);
        return (tasks.Count(t => t.IsCompletedSuccessfully), errors, unexpected);
    }

    [Fact]
    public async Task Fifty_parallel_accepts_on_a_file_store_one_wins_the_others_get_409()
    {
        var path = TempDatabase(out var dir);
        var h = await Harness.StartAsync(path: path);
        try
        {
            var n = await h.CreateAsync();
            var (ok, errors, unexpected) = await RaceAsync(50, _ => h.AcceptAsync(n));
            Assert.Empty(unexpected);
            Assert.Equal(1, ok);
            Assert.Equal(49, errors.Count);
            Assert.All(errors, e =>
            {
                Assert.Equal(409, e.HttpStatus);
                Assert.Contains(e.ErrorCode, new[] { CocErrors.NotAllowedCode, CocErrors.ConcurrentUpdateCode });
            });

            var history = await h.HistoryAsync(n);
            Assert.Equal(2, history.Count);
            Assert.Equal([OperateKeys.Create, OperateKeys.Accept], history.Select(e => e.Action));
            var t = await h.GetAsync(n);
            Assert.Equal(TicketStatus.Acknowledged, t.Status);
            Assert.Equal(2, t.Version);
            Assert.Equal(StorageJsonContext.Serialize(t), StorageJsonContext.Serialize(TicketEvolution.Replay(history)));
        }
        finally
        {
            Cleanup(h, dir);
        }
    }

    [Fact]
    public async Task Parallel_pause_requests_open_exactly_one_pending_request()
    {
        var path = TempDatabase(out var dir);
        var h = await Harness.StartAsync(path: path);
        try
        {
            var n = await h.ArrangeAsync(TicketState.Acknowledged);
            var (ok, errors, unexpected) = await RaceAsync(30, i => h.RequestPauseAsync(n, Harness.People[i % Harness.People.Count], h.Now + 3_600_000));
            Assert.Empty(unexpected);
            Assert.Equal(1, ok);
            Assert.All(errors, e => Assert.Equal(409, e.HttpStatus));
            var history = await h.HistoryAsync(n);
            Assert.Equal(3, history.Count);
            Assert.Single(history, e => e.Action == OperateKeys.Pause);
            Assert.NotNull((await h.GetAsync(n)).Pending);
        }
        finally
        {
            Cleanup(h, dir);
        }
    }

    [Fact]
    public async Task Parallel_forwards_never_apply_twice_on_the_same_prior_state()
    {
        var path = TempDatabase(out var dir);
        var h = await Harness.StartAsync(path: path);
        try
        {
            var n = await h.ArrangeAsync(TicketState.Acknowledged);
            // forwards stay allowed after a lost race (TRIGGERED → TRIGGERED), so several may apply, one after another
            var targets = new[] { Harness.Bob, Harness.Carol, Harness.OnCall, "1" };
            var (ok, errors, unexpected) = await RaceAsync(40, i =>
                h.HandleAsync(n, Harness.Carol, OperateKeys.Forward, new JsonObject { ["virtual_send_assignee"] = targets[i % targets.Length] }));
            Assert.Empty(unexpected);
            Assert.True(ok >= 1);
            Assert.All(errors, e => Assert.True(e.HttpStatus is 409 or 400, $"{e.HttpStatus} {e.ErrorCode} {e.Message}"));

            var history = await h.HistoryAsync(n);
            Assert.Equal(2 + ok, history.Count);
            Assert.Equal(Enumerable.Range(1, history.Count), history.Select(e => e.Seq));
            for (var i = 1; i < history.Count; i++) Assert.Equal(history[i - 1].ToStatus, history[i].FromStatus);
            var t = await h.GetAsync(n);
            Assert.Equal(history.Count, t.Version);
            Assert.Equal(StorageJsonContext.Serialize(t), StorageJsonContext.Serialize(TicketEvolution.Replay(history)));
            // no forward to the assignee it already had
            var assignee = Harness.Assignee;
            foreach (var e in history.Where(e => e.Action == OperateKeys.Forward))
            {
                var to = ((Forwarded)e.Change).Assignee;
                Assert.NotEqual(assignee, to);
                assignee = to;
            }
        }
        finally
        {
            Cleanup(h, dir);
        }
    }
}
