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

    // Dapper would expand the list into a parameter per item, and Microsoft.Data.Sqlite binds each by a name lookup
    // that scans the statement's parameters: quadratic in the list's length. One JSON array, read by json_each.
    public override string InTextList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each(@{parameter}))";

    public override object TextList(IReadOnlyCollection<string> values) =>
        System.Text.Json.JsonSerializer.Serialize(values.ToArray(), Coc.Core.Storage.StorageJsonContext.Default.StringArray);

    public override string Long => "INTEGER";
    public override string Bytes => "BLOB";
    public override string Serial => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override string StateJson(string key, string type) =>
        type == "First" ? $"json_extract(state, '$.{key}[0]')" : $"json_extract(state, '$.{key}')";

    // BEGIN IMMEDIATE already serializes writers across processes.
    public override string? MigrationLock => null;
}
