using Coc.Core.Storage;
using Coc.Core.Storage.Postgres;
using Coc.Core.Storage.Sqlite;

namespace Coc.Server.Hosting;

/// <summary>SQLite by default; PostgreSQL when <c>--db</c> / <c>Coc:Db</c> is a postgres URL or connection string.</summary>
public static class StorageFactory
{
    public static SqlTicketStore Create(ServerOptions options) => options.UsesPostgres
        ? new PostgresTicketStore(PostgresTicketStore.ToConnectionString(options.Db!))
        : new SqliteTicketStore(options.DataPath);

    public static string Describe(ServerOptions options) =>
        options.UsesPostgres ? PostgresTicketStore.Describe(options.Db!) : $"SQLite {options.DataPath}";
}
