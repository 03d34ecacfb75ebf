using Coc.Core.Storage;
using Coc.Core.Storage.Attachments;
using Coc.Core.Storage.Sqlite;
using Coc.Core.Storage.Tickets;
using Coc.Core.Tests.Tickets;
using Coc.Core.Tickets;
using Microsoft.Data.Sqlite;

namespace Coc.Core.Tests.Storage;

/// <summary>The ticket cache in front of a real SQLite store: reads come from memory, and no read ever returns a
/// state older than an acknowledged write.</summary>
public sealed class CachedTicketStoreTests() : ScratchDirectory("cache")
{
    [Fact]
    public async Task A_cached_ticket_is_read_from_memory_until_a_write_through_the_cache_drops_it()
    {
        using var h = await Harness.StartAsync(path: DataPath, cache: 100);
        var number = await h.CreateAsync();
        Assert.Equal("Database latency", (await h.GetAsync(number)).Title);

        // Changed behind the cache's back (which a second writer would do: hence one server per SQLite file).
        await using (var c = new SqliteConnection($"Data Source={DataPath}"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE tickets SET state = replace(state, 'Database latency', 'changed behind the cache')";
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
        }
        Assert.Equal("Database latency", (await h.GetAsync(number)).Title);
        Assert.Equal("changed behind the cache", (await h.Store.FindAsync(Harness.Project, number))!.Title);

        await h.AcceptAsync(number);
        var read = await h.GetAsync(number);
        Assert.Equal(TicketStatus.Acknowledged, read.Status);
        Assert.Equal(StorageJson((await h.Store.FindAsync(Harness.Project, number))!), StorageJson(read));
    }

    [Fact]
    public async Task A_read_that_saw_the_state_before_a_write_does_not_leave_that_state_in_the_cache()
    {
        using var h = await Harness.StartAsync(path: DataPath);
        var number = await h.CreateAsync();
        var gated = new GatedStore(h.Store);
        using var cache = new CachedTicketStore(gated, 100);
        var service = new TicketService(cache, h.Rules, new TicketNumbers(TicketNumbers.DefaultOffset), h.Clock);

        var slowRead = cache.FindWithAttachmentsAsync(Harness.Project, number);
        await gated.ReadDone.Task.WaitAsync(TimeSpan.FromSeconds(10)); // it has the Triggered state in hand
        await service.HandleAsync(Harness.Project, new HandleRequest(number, Harness.Assignee, OperateKeys.Accept, null, Harness.Principal));
        gated.Release.SetResult();
        Assert.Equal(TicketStatus.Triggered, (await slowRead)!.Value.Ticket.Status); // it began before the write

        Assert.Equal(TicketStatus.Acknowledged, (await cache.FindWithAttachmentsAsync(Harness.Project, number))!.Value.Ticket.Status);
        Assert.Equal(TicketStatus.Acknowledged, (await cache.FindAsync(Harness.Project, number))!.Status);
    }

    [Fact]
    public async Task Linking_an_uploaded_file_to_a_ticket_drops_the_cached_attachment_list()
    {
        using var h = await Harness.StartAsync(path: DataPath);
        var number = await h.CreateAsync();
        using var cache = new CachedTicketStore(h.Store, 100);
        var attachments = new SqlAttachmentStore(h.Database, cache);
        Assert.Empty((await cache.FindWithAttachmentsAsync(Harness.Project, number))!.Value.Attachments);

        await attachments.SaveAttachmentAsync(
            new AttachmentInfo("doc-1", Harness.Project, number, "log.txt", "text/plain", 5, h.Now), "hello"u8.ToArray());

        var files = (await cache.FindWithAttachmentsAsync(Harness.Project, number))!.Value.Attachments;
        Assert.Equal("doc-1", Assert.Single(files).DocId);
    }

    [Fact]
    public async Task The_cache_holds_at_most_its_capacity_and_reads_past_it_stay_correct()
    {
        using var h = await Harness.StartAsync(path: DataPath, cache: 5);
        var numbers = new List<string>();
        for (var i = 0; i < 20; i++) numbers.Add(await h.CreateAsync());
        for (var round = 0; round < 3; round++)
        {
            foreach (var n in numbers)
            {
                Assert.Equal(n, (await h.GetAsync(n)).Number);
                Assert.InRange(h.Cache!.Count, 0, 5);
            }
        }
        Assert.True(h.Cache!.Count > 0, "nothing was cached");
    }

    [Fact]
    public async Task A_missing_ticket_is_not_remembered_as_missing()
    {
        using var h = await Harness.StartAsync(path: DataPath, cache: 100);
        using var cache = h.Cache!;
        Assert.Null(await cache.FindAsync(Harness.Project, "IM000"));
        Assert.Equal(0, cache.Count);
        var number = await h.CreateAsync();
        Assert.NotNull(await cache.FindWithAttachmentsAsync(Harness.Project, number));
        Assert.Null(await cache.FindAsync("another-project", number)); // cached per project
    }

    private static string StorageJson(Ticket t) => StorageJsonContext.Serialize(t);

    /// <summary>The real store, whose details read can be held after it has read the database.</summary>
    private sealed class GatedStore(SqlTicketStore inner) : ITicketStore
    {
        public TaskCompletionSource ReadDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<(Ticket Ticket, IReadOnlyList<AttachmentInfo> Attachments)?> FindWithAttachmentsAsync(
            string project, string number, CancellationToken ct = default)
        {
            var found = await inner.FindWithAttachmentsAsync(project, number, ct);
            if (!Release.Task.IsCompleted)
            {
                ReadDone.TrySetResult();
                await Release.Task;
            }
            return found;
        }

        public Task<Ticket?> FindAsync(string project, string number, CancellationToken ct = default) => inner.FindAsync(project, number, ct);
        public Task<CreateOutcome> CreateAsync(Ticket ticket, HistoryEntry created, IdempotencyClaim? claim, CancellationToken ct = default) =>
            inner.CreateAsync(ticket, created, claim, ct);
        public Task<WriteOutcome> ApplyAsync(Ticket before, Ticket after, HistoryEntry entry, IdempotencyClaim? claim = null, CancellationToken ct = default) =>
            inner.ApplyAsync(before, after, entry, claim, ct);

        public Task<ClaimedRequest?> FindClaimAsync(string project, IdempotencyClaim claim, CancellationToken ct = default) =>
            inner.FindClaimAsync(project, claim, ct);
        public Task<TicketPage> ListAsync(string project, TicketQuery query, CancellationToken ct = default) => inner.ListAsync(project, query, ct);
        public Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string project, IReadOnlyCollection<string> numbers, CancellationToken ct = default) =>
            inner.HistoryAsync(project, numbers, ct);
    }
}

/// <summary>The claim a server makes on its SQLite file.</summary>
public sealed class SqliteFileOwnershipTests() : ScratchDirectory("claim")
{
    [Fact]
    public void An_exclusive_claim_excludes_every_other_claim_until_it_is_released()
    {
        var first = SqliteFileOwnership.Claim(DataPath, exclusive: true);
        var e = Assert.Throws<SqliteFileInUseException>(() => SqliteFileOwnership.Claim(DataPath, exclusive: true));
        Assert.Contains(DataPath, e.Message);
        Assert.Contains("PostgreSQL", e.Message);
        Assert.Throws<SqliteFileInUseException>(() => SqliteFileOwnership.Claim(DataPath, exclusive: false));
        first.Dispose();
        SqliteFileOwnership.Claim(DataPath, exclusive: true).Dispose();
    }

    [Fact]
    public void Shared_claims_coexist_but_exclude_an_exclusive_one()
    {
        using var a = SqliteFileOwnership.Claim(DataPath, exclusive: false);
        using var b = SqliteFileOwnership.Claim(DataPath, exclusive: false);
        Assert.Throws<SqliteFileInUseException>(() => SqliteFileOwnership.Claim(DataPath, exclusive: true));
        Assert.True(File.Exists(SqliteFileOwnership.LockPath(DataPath)));
    }
}
