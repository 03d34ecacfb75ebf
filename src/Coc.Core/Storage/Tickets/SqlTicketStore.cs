using System.Data.Common;
using System.Text;
using Coc.Core.Errors;
using Coc.Core.Storage.Attachments;
using Coc.Core.Storage.WarRooms;
using Coc.Core.Tickets;
using Dapper;

namespace Coc.Core.Storage.Tickets;

/// <summary>
/// Tickets, their history and idempotency keys in SQL, on either engine. A create or an operation is one write of
/// the <see cref="Database"/>: the ticket row and all that goes with it (attachment links included) commit together.
/// The change's events go to the outbox in the same transaction (<see cref="Outbox.Outbox"/>).
/// Optimistic concurrency: a ticket row is updated only where its version is still the one read.
/// </summary>
public sealed class SqlTicketStore(Database database) : ITicketStore
{
    private SqlDialect Dialect => database.Dialect;

    public Task<Ticket?> FindAsync(string project, string number, CancellationToken ct = default) =>
        database.ReadAsync(async c =>
        {
            var state = await c.QuerySingleOrDefaultAsync<string>(
                "SELECT state FROM tickets WHERE number = @number AND project = @project", new { number, project });
            return state is null ? null : StorageJsonContext.DeserializeTicket(state);
        }, ct);

    public Task<(Ticket Ticket, IReadOnlyList<AttachmentInfo> Attachments)?> FindWithAttachmentsAsync(
        string project, string number, CancellationToken ct = default) =>
        database.ReadAsync<(Ticket, IReadOnlyList<AttachmentInfo>)?>(async c =>
        {
            var state = await c.QuerySingleOrDefaultAsync<string>(
                "SELECT state FROM tickets WHERE number = @number AND project = @project", new { number, project });
            if (state is null) return null;
            var files = (await c.QueryAsync<AttachmentInfo>(
                AttachmentRows.OfTicket,
                new { project, number })).ToList();
            return (StorageJsonContext.DeserializeTicket(state), files);
        }, ct);

    public async Task<CreateOutcome> CreateAsync(Ticket ticket, HistoryEntry created, IdempotencyClaim? claim, CancellationToken ct = default)
    {
        try
        {
            return await database.WriteAsync(async (c, tx) =>
            {
                // Claimed first: a concurrent duplicate waits here for this transaction and then loses on the key,
                // before it takes any other lock (a project counter), so the two cannot deadlock.
                if (claim is not null && await ClaimKeyAsync(c, tx, ticket.Project, claim, ticket.Number, created.At) is { } existing)
                    return new CreateOutcome(WriteOutcome.Written, existing.Number, existing.BodyMismatch);
                await InsertCreatedAsync(c, tx, Dialect, ticket, created);
                return CreateOutcome.Written;
            }, ct);
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e))
        {
            // Either the generated number (or WarRoom id) was taken, or a concurrent request claimed the same
            // idempotency key first; the caller retries, and the retry finds the key.
            return CreateOutcome.NumberTaken;
        }
    }

    public async Task<WriteOutcome> ApplyAsync(Ticket before, Ticket after, HistoryEntry entry, IdempotencyClaim? claim = null, CancellationToken ct = default)
    {
        try
        {
            return await database.WriteAsync(async (c, tx) =>
            {
                // Claimed before the ticket row is locked, as in a create: a duplicate loses on the key.
                if (claim is not null && await ClaimKeyAsync(c, tx, before.Project, claim, before.Number, entry.At) is not null)
                    return WriteOutcome.KeyTaken;
                if (!await UpdateAsync(c, tx, Dialect, before, after, entry)) return WriteOutcome.VersionConflict;
                await LinkAttachmentsAsync(c, tx, Dialect, after, entry.Change.LinkedAttachments);
                return WriteOutcome.Written;
            }, ct);
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e))
        {
            return WriteOutcome.NumberTaken;
        }
    }

    /// <summary>A new ticket with its creation entry, WarRoom and count, inside the caller's transaction (also used by
    /// the alarm store, whose deliveries create incidents in their own write).</summary>
    internal static async Task InsertCreatedAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, Ticket ticket, HistoryEntry created)
    {
        await c.ExecuteKeptAsync(tx,
            """
            INSERT INTO tickets (number, project, status, level, assignee, creator, title, description, create_time, version, state,
                incident_type, source, ownership, last_operator, cloud_service, enterprise_project, region, forward_rule_id,
                service_interrupt, update_time, start_time, handle_time)
            VALUES (@Number, @Project, @Status, @Level, @Assignee, @Creator, @Title, @Description, @CreateTime, @Version, @State,
                @Type, @Source, @Ownership, @LastOperator, @CloudService, @EnterpriseProject, @Region, @ForwardRuleId,
                @ServiceInterrupt, @UpdateTime, @StartTime, @HandleTime)
            """, TicketRow.Of(ticket, created).Parameters());
        await InsertHistoryAsync(c, tx, created);
        await Outbox.Outbox.EnqueueTicketChangeAsync(c, tx, null, ticket, created);
        if (ticket.WarroomId is { } warRoom) await SqlWarRoomStore.InsertAsync(c, tx, ticket, created, warRoom);
        // The row stays locked until the commit: concurrent creates spread over the dialect's shards.
        await c.ExecuteKeptAsync(tx,
            """
            INSERT INTO project_ticket_counts (project, shard, tickets) VALUES (@project, @shard, 1)
            ON CONFLICT (project, shard) DO UPDATE SET tickets = project_ticket_counts.tickets + 1
            """, ("project", ticket.Project), ("shard", Random.Shared.Next(dialect.CounterShards)));
        await TicketStatusCounts.AddAsync(c, tx, dialect, ticket.Project, ticket.Status, ticket.Level, 1);
    }

    /// <summary>Writes <paramref name="after"/> and its entry if the row is still at <paramref name="before"/>'s version;
    /// a WarRoom the change starts is recorded, and the ticket's WarRoom closes when the ticket completes.</summary>
    internal static async Task<bool> UpdateAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, Ticket before, Ticket after, HistoryEntry entry)
    {
        var updated = await TicketRowUpdate.ExecuteAsync(c, tx, TicketRowUpdate.For(before, after), TicketRow.Of(after, entry), before.Version);
        if (updated == 0) return false;
        if (after.Status != before.Status || after.Level != before.Level)
        {
            await TicketStatusCounts.AddAsync(c, tx, dialect, before.Project, before.Status, before.Level, -1);
            await TicketStatusCounts.AddAsync(c, tx, dialect, after.Project, after.Status, after.Level, 1);
        }
        await InsertHistoryAsync(c, tx, entry);
        await Outbox.Outbox.EnqueueTicketChangeAsync(c, tx, before, after, entry);
        if (after.WarroomId != before.WarroomId && after.WarroomId is { } warRoom)
            await SqlWarRoomStore.InsertAsync(c, tx, after, entry, warRoom);
        if (after.Status == TicketStatus.Completed && before.Status != TicketStatus.Completed && after.WarroomId is not null)
            await SqlWarRoomStore.CloseAsync(c, tx, after, entry.At);
        return true;
    }

    public Task<ClaimedRequest?> FindClaimAsync(string project, IdempotencyClaim claim, CancellationToken ct = default) =>
        database.ReadAsync(async c => await FindClaimAsync(c, null, project, claim), ct);

    private const string SelectClaim =
        "SELECT request_hash AS RequestHash, number AS Number FROM idempotency_keys WHERE project = @project AND key = @key AND created_at >= @notBefore";

    private static async Task<ClaimedRequest?> FindClaimAsync(DbConnection c, DbTransaction? tx, string project, IdempotencyClaim claim)
    {
        var row = await c.QuerySingleOrDefaultAsync<IdempotencyRow>(SelectClaim, new { project, key = claim.Key, notBefore = claim.NotBefore }, tx);
        return row is null ? null : new ClaimedRequest(row.Number, row.RequestHash != claim.RequestHash);
    }

    /// <summary>Claims the key for <paramref name="number"/>, or returns the request that claimed it within its window.</summary>
    private static async Task<ClaimedRequest?> ClaimKeyAsync(
        DbConnection c, DbTransaction tx, string project, IdempotencyClaim claim, string number, long at)
    {
        if (await FindClaimAsync(c, tx, project, claim) is { } existing) return existing;
        // Only an expired claim is removed: a fresh one committed since the SELECT above must make the insert below
        // fail (the caller then retries and finds it).
        await c.ExecuteAsync("DELETE FROM idempotency_keys WHERE project = @project AND key = @key AND created_at < @notBefore",
            new { project, key = claim.Key, notBefore = claim.NotBefore }, tx);
        await c.ExecuteAsync(
            "INSERT INTO idempotency_keys (project, key, request_hash, number, created_at) VALUES (@project, @key, @hash, @number, @at)",
            new { project, key = claim.Key, hash = claim.RequestHash, number, at }, tx);
        return null;
    }

    public Task<TicketPage> ListAsync(string project, TicketQuery query, CancellationToken ct = default) =>
        database.ReadAsync(async c =>
        {
            var sql = new TicketListSql(Dialect, query).Build(project);
            var (where, args) = (sql.Where, sql.Args);

            var total = query.IsFiltered
                ? await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM tickets WHERE {where}", args)
                : await c.ExecuteScalarAsync<long>("SELECT COALESCE(SUM(tickets), 0) FROM project_ticket_counts WHERE project = @project", new { project });
            if (query.Skip >= total) return new TicketPage(total, []);

            var states = await c.QueryAsync<string>(
                $"SELECT state FROM tickets WHERE {where} ORDER BY {sql.OrderBy} LIMIT @limit OFFSET @skip", args);
            return new TicketPage(total, states.Select(StorageJsonContext.DeserializeTicket).ToList());
        }, ct);

    public Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string project, IReadOnlyCollection<string> numbers, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<HistoryEntry>>(async c =>
        {
            if (numbers.Count == 0) return [];
            var rows = await c.QueryAsync<HistoryRow>(
                $"""
                SELECT id AS Id, project AS Project, number AS Number, seq AS Seq, action AS Action, operator AS Operator, principal AS Principal,
                       at AS At, from_status AS FromStatus, to_status AS ToStatus, parameter AS Parameter, change AS Change
                FROM ticket_history WHERE project = @project AND {Dialect.InList("number", "numbers")} ORDER BY id
                """, new { project, numbers = numbers.ToArray() });
            return rows.Select(r => r.ToEntry()).ToList();
        }, ct);

    internal static async Task LinkAttachmentsAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, Ticket ticket, IReadOnlyList<string> docIds)
    {
        var ids = docIds.Where(d => d.Length > 0).Distinct().ToArray();
        if (ids.Length == 0) return;
        var found = (await c.QueryAsync<(string DocId, string? Number)>(
            $"SELECT doc_id, number FROM attachments WHERE project = @project AND {dialect.InList("doc_id", "ids")}",
            new { project = ticket.Project, ids }, tx)).ToDictionary(r => r.DocId, r => r.Number);
        foreach (var id in ids)
        {
            if (!found.TryGetValue(id, out var linkedTo))
                throw CocErrors.Invalid($"attachment {id} does not exist");
            if (linkedTo is not null && linkedTo != ticket.Number)
                throw CocErrors.Invalid($"attachment {id} already belongs to another incident ticket");
        }
        var newIds = ids.Where(id => found[id] is null).ToArray();
        await AttachmentRows.CheckRoomAsync(c, tx, ticket.Project, ticket.Number, newIds.Length);
        await c.ExecuteAsync($"UPDATE attachments SET number = @number WHERE project = @project AND {dialect.InList("doc_id", "newIds")}",
            new { number = ticket.Number, project = ticket.Project, newIds }, tx);
    }

    private static Task InsertHistoryAsync(DbConnection c, DbTransaction tx, HistoryEntry e) =>
        c.ExecuteKeptAsync(tx,
            """
            INSERT INTO ticket_history (project, number, seq, action, operator, principal, at, from_status, to_status, parameter, change)
            VALUES (@Project, @TicketNumber, @Seq, @Action, @Operator, @Principal, @At, @FromStatus, @ToStatus, @ParameterJson, @Change)
            """, ("Project", e.Project), ("TicketNumber", e.TicketNumber), ("Seq", e.Seq), ("Action", e.Action), ("Operator", e.Operator),
            ("Principal", e.Principal), ("At", e.At), ("FromStatus", e.FromStatus), ("ToStatus", e.ToStatus), ("ParameterJson", e.ParameterJson),
            ("Change", StorageJsonContext.Serialize(e.Change)));


    private sealed class IdempotencyRow
    {
        public string RequestHash { get; init; } = "";
        public string Number { get; init; } = "";
    }

    private sealed class HistoryRow
    {
        public long Id { get; init; }
        public string Project { get; init; } = "";
        public string Number { get; init; } = "";
        public long Seq { get; init; }
        public string Action { get; init; } = "";
        public string Operator { get; init; } = "";
        public string Principal { get; init; } = HistoryEntry.UnknownPrincipal;
        public long At { get; init; }
        public string? FromStatus { get; init; }
        public string ToStatus { get; init; } = "";
        public string? Parameter { get; init; }
        public string Change { get; init; } = "";

        public HistoryEntry ToEntry() => new()
        {
            Id = Id, Project = Project, TicketNumber = Number, Seq = (int)Seq, Action = Action, Operator = Operator, Principal = Principal, At = At,
            FromStatus = FromStatus, ToStatus = ToStatus, ParameterJson = Parameter,
            Change = StorageJsonContext.DeserializeChange(Change),
        };
    }
}
