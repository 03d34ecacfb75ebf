using Coc.Core.Storage;
using Coc.Core.Storage.Sqlite;

namespace Coc.Server.Hosting;

public static class StorageFactory
{
    public static SqlTicketStore Create(ServerOptions options) => new SqliteTicketStore(options.DataPath);

    public static string Describe(ServerOptions options) => $"SQLite {options.DataPath}";
}
