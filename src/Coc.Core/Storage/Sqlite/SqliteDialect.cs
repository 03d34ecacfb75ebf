using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Coc.Core.Storage.Sqlite;

public sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    // SQLite's LIKE is case-insensitive for ASCII already.
    public override string LikeOperator => "LIKE";

    public override bool IsUniqueViolation(DbException e) =>
        e is SqliteException { SqliteErrorCode: 19 /* SQLITE_CONSTRAINT */ };

    public override bool IsStorageFull(DbException e) => e is SqliteException { SqliteErrorCode: 13 /* SQLITE_FULL */ };

    public override string InList(string column, string parameter) => $"{column} IN @{parameter}";

    public override string Long => "INTEGER";
    public override string Bytes => "BLOB";
    public override string Serial => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override string StateJson(string key, string type) =>
        type == "First" ? $"json_extract(state, '$.{key}[0]')" : $"json_extract(state, '$.{key}')";

    // BEGIN IMMEDIATE already serializes writers across processes.
    public override string? MigrationLock => null;
}
