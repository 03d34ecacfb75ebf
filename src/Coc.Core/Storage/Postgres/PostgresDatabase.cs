using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Coc.Core.Storage.Postgres;

/// <summary>
/// PostgreSQL through Npgsql's pooled data source. Each write is one transaction committed with
/// <c>synchronous_commit = on</c> (the server default, asserted per connection). Many server instances may
/// share the database: migrations take a transaction-scoped advisory lock, so one migrates and the others wait.
/// </summary>
public sealed class PostgresDatabase : Database
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly CommitResolver _resolver;

    /// <summary>Fault tests only: runs instead of the COMMIT (and may break the connection around it).</summary>
    internal Func<NpgsqlConnection, NpgsqlTransaction, Task>? CommitOverride { get; set; }

    /// <summary>How long an ambiguous commit's outcome is looked for before the answer is "outcome unknown".</summary>
    internal TimeSpan ResolutionWindow { get => _resolver.Window; set => _resolver.Window = value; }

    public PostgresDatabase(string connectionString, ILogger? log = null) : base(PostgresDialect.Instance, log)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.Options = "-c synchronous_commit=on";
        // Defaults where the connection string says nothing (measured in bench/run: details reads +30%): the few
        // statements are prepared once per physical connection, and a connection going back to the pool is not
        // reset, since the database leaves no session state behind (it sets none beyond the startup option above).
        if (!Mentions(connectionString, "max auto prepare", "maxautoprepare")) builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
        if (!Mentions(connectionString, "no reset on close", "noresetonclose")) builder.ConnectionStringBuilder.NoResetOnClose = true;
        _dataSource = builder.Build();
        _resolver = new CommitResolver(_dataSource, log);
    }

    /// <summary>A read that meets a transient failure (a dropped connection) is safe to run once more.</summary>
    protected override async Task<T> ReadOnceAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var c = await _dataSource.OpenConnectionAsync(ct);
                return await work(c);
            }
            catch (NpgsqlException e) when (e.IsTransient && attempt == 1)
            {
            }
        }
    }

    /// <summary>
    /// A deadlock or serialization abort rolled the whole transaction back before any commit: that is run again.
    /// A connection lost while the COMMIT was under way is ambiguous: the transaction's id is taken first, and the
    /// outcome is then looked up on a new connection (<see cref="CommitResolver"/>): committed answers as if
    /// nothing happened, aborted is "not applied", and only what cannot be found out is "outcome unknown".
    /// </summary>
    protected override async Task<T> CommitAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var c = await _dataSource.OpenConnectionAsync(ct);
                await using var tx = await c.BeginTransactionAsync(ct);
                var identity = await CommitResolver.IdentifyAsync(c, tx);
                var result = await work(c, tx);
                try
                {
                    await (CommitOverride?.Invoke(c, tx) ?? tx.CommitAsync(ct));
                }
                catch (Exception e) when (e is not OperationCanceledException && c.FullState.HasFlag(System.Data.ConnectionState.Broken))
                {
                    await _resolver.ResolveAsync(identity, ct); // returns only if the transaction committed
                }
                Metrics?.Committed(1);
                return result;
            }
            catch (PostgresException e) when (attempt < 3 && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
            }
        }
    }

    public override void Dispose() => _dataSource.Dispose();

    private static bool Mentions(string connectionString, params string[] keywords) =>
        keywords.Any(k => connectionString.Replace("_", " ").Contains(k, StringComparison.OrdinalIgnoreCase));

    /// <summary>Accepts <c>postgres://user:password@host:port/database?option=value</c> or an Npgsql connection string.</summary>
    public static string ToConnectionString(string value)
    {
        if (!value.StartsWith("postgres://", StringComparison.Ordinal) && !value.StartsWith("postgresql://", StringComparison.Ordinal))
            return value;
        var uri = new Uri(value);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0]).Replace('_', ' ')] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
        }
        return builder.ConnectionString;
    }

    /// <summary>Where the database is, for logs: never the password.</summary>
    public static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(ToConnectionString(connectionString));
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
    }
}
