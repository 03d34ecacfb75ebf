using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Coc.Core.Storage.Sqlite;

/// <summary>
/// SQLite in WAL mode with synchronous=FULL: a write is on disk before it is acknowledged. Writes go through
/// one connection, one at a time (SQLite has a single writer anyway); reads use pooled connections, which WAL
/// lets run beside the writer. <c>:memory:</c> keeps one private in-memory database for tests.
/// </summary>
public sealed class SqliteTicketStore : SqlTicketStore, IDisposable
{
    private readonly string _readConnectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly bool _inMemory;

    public SqliteTicketStore(string path) : base(SqliteDialect.Instance)
    {
        _inMemory = path == ":memory:";
        if (!_inMemory)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
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
    }

    protected override async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
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

    protected override async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            await using var tx = await _writer.BeginTransactionAsync(ct);
            var result = await work(_writer, tx);
            await tx.CommitAsync(ct);
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static void Execute(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _writeGate.Dispose();
    }
}
