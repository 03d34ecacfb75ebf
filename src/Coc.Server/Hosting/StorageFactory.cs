using Coc.Core.Storage;
using Coc.Core.Storage.Encryption;
using Coc.Core.Storage.Postgres;
using Coc.Core.Storage.Sqlite;

namespace Coc.Server.Hosting;

/// <summary>The stores a server runs on: the SQL store (keys, users, projects) and what tickets and attachments go
/// through (the SQL store itself, or the ticket cache in front of it), plus the claim on a SQLite file.</summary>
public sealed class Storage(SqlTicketStore sql, ITicketStore tickets, IAttachmentStore attachments, IDisposable? claim) : IDisposable
{
    public SqlTicketStore Sql { get; } = sql;
    public ITicketStore Tickets { get; } = tickets;
    public IAttachmentStore Attachments { get; } = attachments;

    public void Dispose()
    {
        (Tickets as CachedTicketStore)?.Dispose();
        Sql.Dispose();
        claim?.Dispose();
    }
}

/// <summary>SQLite by default; PostgreSQL when <c>--db</c> / <c>Coc:Db</c> is a postgres URL or connection string.</summary>
public static class StorageFactory
{
    /// <summary>The server's stores: a SQLite file is claimed first (see <see cref="SqliteFileOwnership"/>).</summary>
    public static Storage Create(ServerOptions options, ILogger? log = null)
    {
        if (options.UsesPostgres)
        {
            var postgres = OpenSql(options, log);
            return new Storage(postgres, postgres, postgres, null);
        }
        var claim = options.DataPath == ":memory:" ? null : SqliteFileOwnership.Claim(options.DataPath, exclusive: options.UsesTicketCache);
        try
        {
            var sqlite = OpenSql(options, log);
            if (!options.UsesTicketCache) return new Storage(sqlite, sqlite, sqlite, claim);
            var cached = new CachedTicketStore(sqlite, sqlite, options.TicketCache);
            return new Storage(sqlite, cached, cached, claim);
        }
        catch
        {
            claim?.Dispose();
            throw;
        }
    }

    /// <summary>The SQL store alone, without a claim: for admin commands, which write no tickets. Secrets are
    /// encrypted with the configured key ring on either engine.</summary>
    public static SqlTicketStore OpenSql(ServerOptions options, ILogger? log = null) => OpenSql(options, SecretsKeySource.Load(options), log);

    public static SqlTicketStore OpenSql(ServerOptions options, SecretsKeyRing keys, ILogger? log = null) => options.UsesPostgres
        ? new PostgresTicketStore(PostgresTicketStore.ToConnectionString(options.Db!), log) { SecretsKeys = keys }
        : new SqliteTicketStore(options.DataPath, log) { SecretsKeys = keys };

    public static string Describe(ServerOptions options) =>
        options.UsesPostgres ? PostgresTicketStore.Describe(options.Db!)
        : $"SQLite {options.DataPath}" + (options.UsesTicketCache ? $" (ticket cache: {options.TicketCache})" : "");
}
