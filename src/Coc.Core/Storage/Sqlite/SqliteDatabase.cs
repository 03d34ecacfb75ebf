using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Coc.Core.Storage.Sqlite;

/// <summary>
/// SQLite in WAL mode with synchronous=FULL: a write is on disk before it is acknowledged. Writes go through one
/// connection (SQLite has a single writer anyway) with <b>group commit</b>: the writes waiting when the writer is
/// free run in one transaction, each inside its own savepoint (a failing one is rolled back alone), and share one
/// COMMIT — one fsync — before any of them is acknowledged. Reads use pooled connections, which WAL lets run
/// beside the writer. <c>:memory:</c> keeps one private in-memory database for tests.
/// </summary>
public sealed class SqliteDatabase : Database
{
    private readonly string _readConnectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly bool _inMemory;
    private readonly string? _directory;
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new() { SingleReader = true });
    private readonly Task _writerLoop;
    private readonly IDisposable? _ownership;

    /// <summary>Writes applied and commits made: with group commit there are fewer commits than writes.</summary>
    internal long WriteCount, CommitCount;

    /// <summary>At most this many operations share one commit, so a burst cannot hold the write lock for long.</summary>
    private const int MaxBatch = 128;

    /// <summary>Free space on the database's file system below which a full episode is not considered over.</summary>
    private const long RoomToWrite = 1 << 20;

    private sealed record PendingWrite(Func<DbConnection, DbTransaction, Task<object?>> Work, CancellationToken Ct)
    {
        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <param name="ownership">The claim on the file (<see cref="SqliteFileOwnership"/>), released after the database closes.</param>
    public SqliteDatabase(string path, ILogger? log = null, IDisposable? ownership = null) : base(SqliteDialect.Instance, log)
    {
        _ownership = ownership;
        _inMemory = path == ":memory:";
        if (!_inMemory)
        {
            _directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            // Made 0600 (its directory 0700) before SQLite opens it: SQLite gives -wal and -shm the database file's mode.
            PrivateFiles.CreateFile(path);
            PrivateFiles.Restrict(path + "-wal");
            PrivateFiles.Restrict(path + "-shm");
        }
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = _inMemory ? ":memory:" : path,
            Pooling = !_inMemory,
            DefaultTimeout = 30,
        };
        _writer = new SqliteConnection(builder.ConnectionString);
        _writer.Open();
        Execute(_writer, "PRAGMA busy_timeout = 10000;");
        if (!_inMemory) Execute(_writer, "PRAGMA journal_mode = WAL;");
        Execute(_writer, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
        builder.Mode = SqliteOpenMode.ReadOnly;
        _readConnectionString = builder.ConnectionString;
        _writerLoop = Task.Run(WriteLoopAsync);
    }

    protected override async Task<T> ReadOnceAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        if (_inMemory)
        {
            await _writeGate.WaitAsync(ct);
            try { return await work(_writer); }
            finally { _writeGate.Release(); }
        }
        await using var c = new SqliteConnection(_readConnectionString);
        await c.OpenAsync(ct);
        return await work(c);
    }

    protected override async Task<T> CommitAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        var pending = new PendingWrite(async (c, tx) => await work(c, tx), ct);
        await _writes.Writer.WriteAsync(pending, ct);
        return (T)(await pending.Done.Task)!;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _writes.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var next))
            {
                if (next.Ct.IsCancellationRequested) next.Done.TrySetCanceled(next.Ct);
                else batch.Add(next);
            }
            if (batch.Count > 0) await CommitBatchAsync(batch);
        }
    }

    /// <summary>One transaction, one savepoint per write, one commit; results are released only after the commit.</summary>
    private async Task CommitBatchAsync(List<PendingWrite> batch)
    {
        var outcomes = new (object? Result, Exception? Error)[batch.Count];
        await _writeGate.WaitAsync();
        try
        {
            await using var tx = (SqliteTransaction)await _writer.BeginTransactionAsync();
            for (var i = 0; i < batch.Count; i++)
            {
                tx.Save("op");
                try
                {
                    outcomes[i] = (await batch[i].Work(_writer, tx), null);
                    tx.Release("op");
                }
                catch (Exception) when (TransactionEnded())
                {
                    // SQLite rolled the whole transaction back itself (SQLITE_FULL, for one): the batch fails with it.
                    throw;
                }
                catch (Exception e)
                {
                    tx.Rollback("op");
                    tx.Release("op");
                    outcomes[i] = (null, e);
                }
            }
            await tx.CommitAsync();
            Metrics?.Committed(batch.Count);
            Interlocked.Add(ref WriteCount, batch.Count);
            Interlocked.Increment(ref CommitCount);
        }
        catch (Exception e)
        {
            // Nothing of the batch is on disk: every write in it fails.
            foreach (var w in batch) w.Done.TrySetException(e);
            return;
        }
        finally
        {
            _writeGate.Release();
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Error is { } error) batch[i].Done.TrySetException(error);
            else batch[i].Done.TrySetResult(outcomes[i].Result);
        }
    }

    protected override async Task ScrubFreedSpaceAsync(CancellationToken ct)
    {
        if (_inMemory) return;
        await _writeGate.WaitAsync(ct);
        try { Execute(_writer, "VACUUM; PRAGMA wal_checkpoint(TRUNCATE);"); }
        finally { _writeGate.Release(); }
    }

    /// <summary>A consistent copy of the whole database into <paramref name="file"/> (SQLite's online backup API), taken
    /// between write batches while reads go on; the copy is a self-contained file (rollback journal, not WAL).</summary>
    public async Task BackupToAsync(string file, CancellationToken ct = default)
    {
        PrivateFiles.CreateFile(file);
        await _writeGate.WaitAsync(ct);
        try
        {
            using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ConnectionString);
            target.Open();
            _writer.BackupDatabase(target);
            Execute(target, "PRAGMA journal_mode = DELETE;");
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Replaces the whole database with the copy in <paramref name="file"/> (the backup API the other way),
    /// between write batches: writes queued meanwhile run on the restored state.</summary>
    public async Task RestoreFromAsync(string file, CancellationToken ct = default)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            using var source = new SqliteConnection(
                new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ConnectionString);
            source.Open();
            source.BackupDatabase(_writer);
            if (!_inMemory) Execute(_writer, "PRAGMA journal_mode = WAL;");
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>The highest migration recorded in a SQLite file (0 when it has none).</summary>
    public static long SchemaVersionOf(string file)
    {
        using var c = new SqliteConnection(
            new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
        if (cmd.ExecuteScalar() is null) return 0;
        cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Fault tests only: caps the database at its current size (SQLITE_FULL on growth), or lifts the cap.</summary>
    internal Task LimitSizeForTestsAsync(bool grow) =>
        WriteAsync(async (c, tx) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = grow ? "PRAGMA max_page_count = 1073741823" : "PRAGMA max_page_count = 1";
            return await cmd.ExecuteScalarAsync();
        }, CancellationToken.None);

    protected override bool SeemsToHaveRoom() =>
        _inMemory || new DriveInfo(_directory!).AvailableFreeSpace >= RoomToWrite;

    private bool TransactionEnded() => SQLitePCL.raw.sqlite3_get_autocommit(_writer.Handle) != 0;

    private static void Execute(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public override void Dispose()
    {
        _writes.Writer.TryComplete();
        _writerLoop.Wait(TimeSpan.FromSeconds(10));
        _writer.Dispose();
        _writeGate.Dispose();
        _ownership?.Dispose();
    }
}
