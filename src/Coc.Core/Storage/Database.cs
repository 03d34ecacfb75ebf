using System.Data.Common;
using Coc.Core.Errors;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coc.Core.Storage;

/// <summary>
/// One SQL database: its <see cref="SqlDialect"/>, connections to read on, durable writes, migrations and readiness.
/// The engines supply connections and commits; the stores over it (tickets, attachments, auth) supply the queries.
/// </summary>
public abstract class Database(SqlDialect dialect, ILogger? log) : IDisposable
{
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(1);
    private long _lastProbe; // Environment.TickCount64 of the last probe write

    public SqlDialect Dialect { get; } = dialect;

    /// <summary>Whether writes succeed now (a full disk refuses them); <see cref="ReadinessAsync"/> reports it.</summary>
    public WriteHealth WriteHealth { get; } = new(log ?? NullLogger.Instance);

    /// <summary>Run in every migration's transaction after the schema migrations (secrets encrypted at rest).</summary>
    public IReadOnlyList<IDataMigration> DataMigrations { get; init; } = [];

    /// <summary>Where commits and storage errors are counted (none: not counted).</summary>
    public StorageMetrics? Metrics { get; init; }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        try
        {
            return await ReadOnceAsync(work, ct);
        }
        catch (DbException e) when (Metrics is not null)
        {
            Metrics.Failed("read", e.GetType().Name);
            throw;
        }
    }

    protected abstract Task<T> ReadOnceAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct);

    /// <summary>Runs <paramref name="work"/> in one transaction and commits it durably before returning.</summary>
    protected abstract Task<T> CommitAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct);

    /// <summary>Every write: committed by the engine; a database out of space answers 507 and is tracked in
    /// <see cref="WriteHealth"/>.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        T result;
        try
        {
            result = await CommitAsync(work, ct);
        }
        catch (DbException e) when (Dialect.IsStorageFull(e))
        {
            WriteHealth.ReportFull();
            Metrics?.Failed("write", "storage_full");
            throw CocErrors.StorageFull();
        }
        catch (DbException e) when (Metrics is not null && !Dialect.IsUniqueViolation(e)) // a taken key is an answer, not an error
        {
            Metrics.Failed("write", e.GetType().Name);
            throw;
        }
        WriteHealth.ReportWritten();
        return result;
    }

    public abstract void Dispose();

    /// <summary>Applies the migrations not yet recorded, in one transaction; safe when several instances start at once.</summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        var rewritten = await WriteAsync(async (c, tx) =>
        {
            if (Dialect.MigrationLock is { } lockStatement) await c.ExecuteAsync(lockStatement, transaction: tx);
            await c.ExecuteAsync(
                $"CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at {Dialect.Long} NOT NULL)",
                transaction: tx);
            var applied = (await c.QueryAsync<long>("SELECT version FROM schema_migrations", transaction: tx)).ToHashSet();
            foreach (var m in Dialect.Migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
            {
                await c.ExecuteAsync(m.Sql, transaction: tx);
                await c.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @at)",
                    new { m.Version, m.Name, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx);
            }
            var rows = 0;
            foreach (var data in DataMigrations) rows += await data.RunAsync(c, tx);
            return rows;
        }, ct);
        if (rewritten > 0) await ScrubFreedSpaceAsync(ct);
    }

    /// <summary>After a data migration rewrote rows (plaintext secrets encrypted in place): removes their old copies
    /// from the engine's freed space, where the engine can (SQLite: VACUUM and an emptied WAL).</summary>
    protected virtual Task ScrubFreedSpaceAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Reachable when a query answers. While writes are refused for lack of space, a small real write (at
    /// most one a second, and only once <see cref="SeemsToHaveRoom"/>) finds out whether space came back: nothing
    /// else may be writing when callers are told to stay away.</summary>
    public async Task<StorageReadiness> ReadinessAsync(CancellationToken ct = default)
    {
        var reachable = await ReadAsync(async c => await c.ExecuteScalarAsync<int>("SELECT 1") == 1, ct);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastProbe);
        if (reachable && WriteHealth.IsFull && SeemsToHaveRoom() && now - last >= ProbeEvery.TotalMilliseconds
            && Interlocked.CompareExchange(ref _lastProbe, now, last) == last)
        {
            try
            {
                await WriteAsync((c, tx) => c.ExecuteAsync(
                    "UPDATE schema_migrations SET applied_at = applied_at WHERE version = (SELECT MIN(version) FROM schema_migrations)",
                    transaction: tx), ct);
            }
            catch (CocException e) when (e.ErrorCode == CocErrors.StorageFullCode)
            {
            }
        }
        return new StorageReadiness(reachable, !WriteHealth.IsFull);
    }

    /// <summary>Whether space seems to be back, as far as this process can see the disk. A probe write alone is not
    /// enough: it may fit in space the engine already holds (SQLite reuses its WAL) while the disk is still full.</summary>
    protected virtual bool SeemsToHaveRoom() => true;
}

/// <summary>Whether the database answers and whether writes currently succeed.</summary>
public sealed record StorageReadiness(bool DatabaseReachable, bool WritesOk)
{
    public bool Ready => DatabaseReachable && WritesOk;
}

/// <summary>Rows rewritten as part of every migration run, in its transaction; returns how many it changed.</summary>
public interface IDataMigration
{
    Task<int> RunAsync(DbConnection c, DbTransaction tx);
}
