using Dapper;

namespace Coc.Core.Storage.Control;

/// <summary>What <c>GET /_coc/info</c> counts.</summary>
public sealed record StateCounts(long Projects, long Tickets, long Alarms);

/// <summary>
/// The control plane's SQL over one <see cref="Database"/>, on either engine: resets (everything or one project),
/// counts, the newest time stored (the clock never goes back past it) and the schema version.
/// </summary>
public sealed class StateControl(Database database)
{
    public Database Database => database;

    /// <summary>Deletes the state of <paramref name="project"/>, or of every project (null), in one transaction.
    /// Projects and domains are kept; credentials only go with a full reset that asks for it.</summary>
    public Task ResetAsync(string? project, bool credentials, CancellationToken ct = default) =>
        database.WriteAsync(async (c, tx) =>
        {
            foreach (var (table, scope) in StateTables.ProjectScoped)
                await c.ExecuteAsync(project is null ? $"DELETE FROM {table}" : $"DELETE FROM {table} WHERE {scope}", new { p = project }, tx);
            if (project is null && credentials)
                foreach (var table in StateTables.Credentials)
                    await c.ExecuteAsync($"DELETE FROM {table}", transaction: tx);
            return 0;
        }, ct);

    public Task<StateCounts> CountAsync(CancellationToken ct = default) =>
        database.ReadAsync(async c => new StateCounts(
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM projects"),
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tickets"),
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM alarms")), ct);

    /// <summary>The latest time any ticket, history entry, alarm, attachment or event carries (0 when none).</summary>
    public Task<long> NewestStoredTimeAsync(CancellationToken ct = default) =>
        database.ReadAsync(async c => await c.ExecuteScalarAsync<long?>(
            """
            SELECT MAX(t) FROM (
                SELECT MAX(create_time) AS t FROM tickets
                UNION ALL SELECT MAX(update_time) FROM tickets
                UNION ALL SELECT MAX(at) FROM ticket_history
                UNION ALL SELECT MAX(create_time) FROM alarms
                UNION ALL SELECT MAX(uploaded_at) FROM attachments
                UNION ALL SELECT MAX(at) FROM events
            ) AS times
            """) ?? 0, ct);

    /// <summary>The highest migration applied to this database.</summary>
    public Task<long> SchemaVersionAsync(CancellationToken ct = default) =>
        database.ReadAsync(async c => await c.ExecuteScalarAsync<long?>("SELECT MAX(version) FROM schema_migrations") ?? 0, ct);

    /// <summary>The highest migration this build knows.</summary>
    public long KnownSchemaVersion => database.Dialect.Migrations.Max(m => m.Version);
}
