using System.Data;
using System.Data.Common;
using System.Text;
using Coc.Core.Alarms;
using Coc.Core.Storage.Attachments;
using Coc.Core.Storage.Outbox;
using Coc.Core.Storage.Tickets;
using Coc.Core.Tickets;
using Dapper;

namespace Coc.Core.Storage.Alarms;

/// <summary>
/// Integrations and alarms in SQL, on either engine. A write runs in one transaction of the <see cref="Database"/>; a
/// unique violation (a concurrent delivery opened the same alarm first, or a generated number was taken) or a ticket
/// changed under it runs the whole write again, so a retried delivery converges instead of failing. Tickets it writes
/// are reported to <paramref name="ticketChanges"/> (the ticket cache) once the write is over.
/// </summary>
public sealed class SqlAlarmStore(Database database, ITicketChanges? ticketChanges = null) : IAlarmStore
{
    private const int MaxAttempts = 5;
    private readonly AlarmStates _states = new();
    private SqlDialect Dialect => database.Dialect;

    private const string IntegrationColumns =
        "id AS Id, project AS Project, name AS Name, type AS Type, enabled AS Enabled, key_hash AS KeyHash, key_hint AS KeyHint, "
        + "transfer_rule AS RuleJson, created_at AS CreatedAt, updated_at AS UpdatedAt, last_event_at AS LastEventAt";

    public async Task<bool> InsertIntegrationAsync(Integration i, CancellationToken ct = default)
    {
        try
        {
            return await database.WriteAsync(async (c, tx) => await c.ExecuteAsync(
                """
                INSERT INTO integrations (id, project, name, type, enabled, key_hash, key_hint, transfer_rule, created_at, updated_at, last_event_at)
                VALUES (@Id, @Project, @Name, @Type, @Enabled, @KeyHash, @KeyHint, @RuleJson, @CreatedAt, @UpdatedAt, @LastEventAt)
                """, Row(i), tx) == 1, ct);
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<bool> UpdateIntegrationAsync(Integration i, CancellationToken ct = default)
    {
        try
        {
            return await database.WriteAsync(async (c, tx) => await c.ExecuteAsync(
                """
                UPDATE integrations SET name = @Name, enabled = @Enabled, key_hash = @KeyHash, key_hint = @KeyHint,
                    transfer_rule = @RuleJson, updated_at = @UpdatedAt
                WHERE id = @Id AND project = @Project
                """, Row(i), tx) == 1, ct);
        }
        catch (DbException e) when (Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public Task<Integration?> FindIntegrationByKeyHashAsync(string keyHash, CancellationToken ct = default) =>
        database.ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<IntegrationRow>(
            $"SELECT {IntegrationColumns} FROM integrations WHERE key_hash = @keyHash", new { keyHash }))?.ToIntegration(), ct);

    public Task<Integration?> FindIntegrationAsync(string? project, string id, CancellationToken ct = default) =>
        database.ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<IntegrationRow>(project is null
            ? $"SELECT {IntegrationColumns} FROM integrations WHERE id = @id"
            : $"SELECT {IntegrationColumns} FROM integrations WHERE id = @id AND project = @project", new { id, project }))?.ToIntegration(), ct);

    public Task<IReadOnlyList<Integration>> ListIntegrationsAsync(string project, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<Integration>>(async c => (await c.QueryAsync<IntegrationRow>(
            $"SELECT {IntegrationColumns} FROM integrations WHERE project = @project ORDER BY created_at, id", new { project }))
            .Select(r => r.ToIntegration()).ToList(), ct);

    public Task<Alarm?> FindAlarmAsync(string project, string id, CancellationToken ct = default) =>
        database.ReadAsync(async c =>
        {
            var state = await c.QuerySingleOrDefaultAsync<string>("SELECT state FROM alarms WHERE id = @id AND project = @project", new { id, project });
            return state is null ? null : AlarmStorageJson.DeserializeAlarm(state);
        }, ct);

    public Task<AlarmHistoryPage> HandleHistoryAsync(string alarmId, long offset, int limit, CancellationToken ct = default) =>
        database.ReadAsync(async c =>
        {
            var count = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alarm_handle_entries WHERE alarm_id = @alarmId", new { alarmId });
            if (offset >= count) return new AlarmHistoryPage(count, []);
            var entries = await c.QueryAsync<string>(
                "SELECT entry FROM alarm_handle_entries WHERE alarm_id = @alarmId ORDER BY id DESC LIMIT @limit OFFSET @offset",
                new { alarmId, limit, offset });
            return new AlarmHistoryPage(count, entries.Select(AlarmStorageJson.DeserializeEntry).ToList());
        }, ct);

    public Task<AlarmPage> ListAlarmsAsync(string project, AlarmQuery q, CancellationToken ct = default) =>
        database.ReadAsync(async c =>
        {
            var where = new StringBuilder("project = @project");
            var args = new DynamicParameters(new { project, limit = q.Limit, offset = q.Offset });
            if (q.Status is { } status) { where.Append(" AND status = @status"); args.Add("status", status); }
            if (q.Importances is { Count: > 0 } importances)
            {
                where.Append(" AND ").Append(Dialect.InList("importance", "importances"));
                args.Add("importances", importances.ToArray());
            }
            if (q.IntegrationId is { } integration) { where.Append(" AND integration_id = @integration"); args.Add("integration", integration); }
            if (q.IncidentNum is { } incident) { where.Append(" AND incident_num = @incident"); args.Add("incident", incident); }
            if (q.CreatedAfter is { } after) { where.Append(" AND create_time >= @after"); args.Add("after", after); }
            if (q.CreatedBefore is { } before) { where.Append(" AND create_time < @before"); args.Add("before", before); }
            if (!string.IsNullOrEmpty(q.Text))
            {
                where.Append($" AND (name {Dialect.LikeOperator} @text ESCAPE '\\' OR description {Dialect.LikeOperator} @text ESCAPE '\\')");
                args.Add("text", "%" + q.Text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%");
            }
            var count = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM alarms WHERE {where}", args);
            if (q.Offset >= count) return new AlarmPage(count, []);
            var states = await c.QueryAsync<string>(
                $"SELECT state FROM alarms WHERE {where} ORDER BY create_time DESC, id DESC LIMIT @limit OFFSET @offset", args);
            return new AlarmPage(count, states.Select(AlarmStorageJson.DeserializeAlarm).ToList());
        }, ct);

    public Task<IReadOnlyList<Alarm>> AlarmsOfIncidentAsync(string project, string number, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<Alarm>>(async c => (await c.QueryAsync<string>(
                "SELECT state FROM alarms WHERE incident_num = @number AND project = @project", new { number, project }))
            .Select(AlarmStorageJson.DeserializeAlarm).OrderBy(a => a.LinkedAt ?? a.CreateTime).ThenBy(a => a.Id, StringComparer.Ordinal).ToList(), ct);

    public async Task<T> WriteAsync<T>(Func<IAlarmWrite, Task<T>> work, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var write = new Write(Dialect, _states);
            try
            {
                return await database.WriteAsync(async (c, tx) =>
                {
                    try { return await work(write.On(c, tx)); }
                    finally { write.Release(); }
                }, ct);
            }
            catch (DbException e) when (Dialect.IsUniqueViolation(e) && attempt < MaxAttempts)
            {
            }
            catch (TicketChangedException) when (attempt < MaxAttempts)
            {
            }
            finally
            {
                foreach (var (project, number) in write.TouchedTickets) ticketChanges?.Changed(project, number);
            }
        }
    }

    private sealed class TicketChangedException : Exception;

    private sealed class Write(SqlDialect dialect, AlarmStates states) : IAlarmWrite
    {
        private DbConnection _c = null!;
        private DbTransaction _tx = null!;
        private PreparedCommands _prepared = null!;
        private OutboxWriter _outbox = null!;
        public HashSet<(string, string)> TouchedTickets { get; } = [];

        public Write On(DbConnection c, DbTransaction tx)
        {
            _c = c;
            _tx = tx;
            _prepared = new PreparedCommands(c, tx);
            _outbox = new OutboxWriter(c, tx, _prepared);
            return this;
        }

        /// <summary>Frees the prepared commands, before the transaction ends.</summary>
        public void Release() => _prepared.Dispose();

        public async Task<Dictionary<string, Alarm>> FindOpenAlarmsAsync(string integrationId, IReadOnlyCollection<string> sourceKeys)
        {
            // Locked in one order (PostgreSQL), so two payloads sharing alarms cannot deadlock on them.
            var rows = await _c.QueryAsync<(string Id, string State)>(
                $"SELECT id, state FROM alarms WHERE integration_id = @integrationId AND {dialect.InTextList("source_key", "sourceKeys")} "
                + $"AND status = 'alarming' ORDER BY source_key{dialect.ForUpdate}",
                new { integrationId, sourceKeys = dialect.TextList(sourceKeys) }, _tx);
            return rows.Select(r => states.Parse(r.Id, r.State)).ToDictionary(a => a.SourceKey, StringComparer.Ordinal);
        }

        public async Task<IReadOnlyList<Alarm>> FindAlarmsAsync(string project, IReadOnlyCollection<string> ids) =>
            (await _c.QueryAsync<(string Id, string State)>(
                $"SELECT id, state FROM alarms WHERE project = @project AND {dialect.InList("id", "ids")}{dialect.ForUpdate}",
                new { project, ids = ids.ToArray() }, _tx)).Select(r => states.Parse(r.Id, r.State)).ToList();

        private string StateOf(Alarm a)
        {
            var state = AlarmStorageJson.Serialize(a);
            states.Remember(a.Id, state, a);
            return state;
        }

        public Task InsertAlarmAsync(Alarm a) => _prepared.ExecuteAsync(
            """
            INSERT INTO alarms (id, project, integration_id, source_key, group_key, status, importance, name, description, incident_num, create_time, state)
            VALUES (@Id, @Project, @IntegrationId, @SourceKey, @GroupKey, @Status, @Importance, @Name, @Description, @IncidentNum, @CreateTime, @State)
            """,
            Text("Id", a.Id), Text("Project", a.Project), Text("IntegrationId", a.IntegrationId), Text("SourceKey", a.SourceKey),
            Text("GroupKey", a.GroupKey), Text("Status", a.Status), Text("Importance", a.Importance), Text("Name", a.Name),
            Text("Description", a.Description), Text("IncidentNum", a.IncidentNum), ("CreateTime", DbType.Int64, a.CreateTime),
            Text("State", StateOf(a)));

        public Task UpdateAlarmAsync(Alarm a, Alarm? before = null) => before is not null && SameColumns(a, before)
            // A convergence changes only the state: the indexed columns (and their index entries) stay as they are.
            ? _prepared.ExecuteAsync("UPDATE alarms SET state = @State WHERE id = @Id", Text("State", StateOf(a)), Text("Id", a.Id))
            : _prepared.ExecuteAsync(
                """
                UPDATE alarms SET status = @Status, importance = @Importance, name = @Name, description = @Description,
                    incident_num = @IncidentNum, state = @State
                WHERE id = @Id
                """,
                Text("Status", a.Status), Text("Importance", a.Importance), Text("Name", a.Name), Text("Description", a.Description),
                Text("IncidentNum", a.IncidentNum), Text("State", StateOf(a)), Text("Id", a.Id));

        private static (string, DbType, object?) Text(string name, string? value) => (name, DbType.String, value);

        private static bool SameColumns(Alarm a, Alarm b) =>
            a.Id == b.Id && a.Status == b.Status && a.Importance == b.Importance && a.Name == b.Name && a.Description == b.Description
            && a.IncidentNum == b.IncidentNum;

        public Task AddEntryAsync(string alarmId, AlarmHandleEntry entry) => _c.ExecuteAsync(
            "INSERT INTO alarm_handle_entries (alarm_id, entry) VALUES (@alarmId, @entry)",
            new { alarmId, entry = AlarmStorageJson.Serialize(entry) }, _tx);

        public async Task<Ticket?> GroupIncidentAsync(string integrationId, string groupKey)
        {
            var number = await _c.QueryFirstOrDefaultAsync<string>(
                $"""
                SELECT t.number FROM tickets t JOIN alarms a ON a.incident_num = t.number AND a.project = t.project
                WHERE a.integration_id = @integrationId AND a.group_key = @groupKey AND t.status <> '{TicketStatus.Completed}'
                ORDER BY t.create_time DESC, t.number DESC LIMIT 1
                """, new { integrationId, groupKey }, _tx);
            if (number is null) return null;
            var project = await _c.QuerySingleAsync<string>("SELECT project FROM tickets WHERE number = @number", new { number }, _tx);
            return await FindTicketAsync(project, number);
        }

        public async Task<Ticket?> FindTicketAsync(string project, string number)
        {
            var state = await _c.QuerySingleOrDefaultAsync<string>(
                $"SELECT state FROM tickets WHERE number = @number AND project = @project{dialect.ForUpdate}", new { number, project }, _tx);
            return state is null ? null : StorageJsonContext.DeserializeTicket(state);
        }

        public async Task<IReadOnlyList<string>> LinkedAlarmStatusesAsync(string project, string number) =>
            (await _c.QueryAsync<string>("SELECT status FROM alarms WHERE incident_num = @number AND project = @project",
                new { number, project }, _tx)).ToList();

        public async Task CreateTicketAsync(Ticket ticket, HistoryEntry created, IReadOnlyList<string>? attachments = null)
        {
            TouchedTickets.Add((ticket.Project, ticket.Number));
            await SqlTicketStore.InsertCreatedAsync(_c, _tx, dialect, ticket, created);
            if (attachments is { Count: > 0 }) await SqlTicketStore.LinkAttachmentsAsync(_c, _tx, dialect, ticket, attachments);
        }

        public async Task ApplyTicketAsync(Ticket before, Ticket after, HistoryEntry entry)
        {
            TouchedTickets.Add((before.Project, before.Number));
            if (!await SqlTicketStore.UpdateAsync(_c, _tx, dialect, before, after, entry)) throw new TicketChangedException();
        }

        public Task EnqueueAsync(OutboxEvent e) => _outbox.EnqueueAsync(e);

        public async Task<bool> TouchIntegrationAsync(Integration i, long at)
        {
            var last = await _c.QuerySingleOrDefaultAsync<long?>(
                $"""
                SELECT COALESCE(last_event_at, -1) FROM integrations
                WHERE id = @Id AND project = @Project AND enabled = @Enabled AND key_hash = @KeyHash AND name = @Name AND type = @Type
                    AND transfer_rule = @RuleJson
                """, new { i.Id, i.Project, Enabled = true, i.KeyHash, i.Name, i.Type, RuleJson = i.StoredRuleJson ?? AlarmStorageJson.Serialize(i.Rule) }, _tx);
            if (last is null) return false;
            if (last < 0 || at - last >= TouchEvery)
                await _c.ExecuteAsync("UPDATE integrations SET last_event_at = @at WHERE id = @Id", new { i.Id, at }, _tx);
            return true;
        }
    }

    /// <summary>last_event_at is written at most this often (ms): a busy integration does not rewrite its row per payload.</summary>
    private const long TouchEvery = 1000;

    private static object Row(Integration i) => new
    {
        i.Id, i.Project, i.Name, i.Type, i.Enabled, i.KeyHash, i.KeyHint, RuleJson = AlarmStorageJson.Serialize(i.Rule),
        i.CreatedAt, i.UpdatedAt, i.LastEventAt,
    };

    private sealed class IntegrationRow
    {
        public string Id { get; init; } = "";
        public string Project { get; init; } = "";
        public string Name { get; init; } = "";
        public string Type { get; init; } = "";
        public bool Enabled { get; init; }
        public string KeyHash { get; init; } = "";
        public string KeyHint { get; init; } = "";
        public string RuleJson { get; init; } = "";
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }
        public long? LastEventAt { get; init; }

        public Integration ToIntegration() => new()
        {
            Id = Id, Project = Project, Name = Name, Type = Type, Enabled = Enabled, KeyHash = KeyHash, KeyHint = KeyHint,
            Rule = AlarmStorageJson.DeserializeRule(RuleJson), StoredRuleJson = RuleJson, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt, LastEventAt = LastEventAt,
        };
    }
}
