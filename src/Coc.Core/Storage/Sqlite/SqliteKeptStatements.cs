using System.Data;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Coc.Core.Storage.Sqlite;

/// <summary>
/// The statements that run once per alert of a payload (its event, its alarm's state), compiled once per connection and
/// bound by position. Through a <see cref="SqliteCommand"/> every execution looks each parameter up by name (a UTF-8
/// copy of the name and a scan of the statement's names) and enumerates its statements: with ~500 bindings per
/// 50-alert payload that was about a tenth of the single writer's time. Here the names are looked up once, at compile
/// time; errors surface as the <see cref="SqliteException"/> a command would throw, so the callers' unique-violation
/// and disk-full handling is unchanged.
/// </summary>
internal static class SqliteKeptStatements
{
    private const int MaxPerConnection = 32;
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, Kept>> ByConnection = new();

    private sealed record Kept(sqlite3_stmt Statement, int[] Positions);

    /// <summary>Runs <paramref name="sql"/> (one statement) with the values given by name, returns the rows changed.</summary>
    public static int Execute(SqliteConnection c, string sql, ReadOnlySpan<(string Name, DbType Type, object? Value)> parameters)
    {
        var db = c.Handle ?? throw new InvalidOperationException("the connection is not open");
        var statements = ByConnection.GetOrCreateValue(c);
        if (!statements.TryGetValue(sql, out var kept))
        {
            kept = Compile(c, db, sql, parameters);
            if (statements.Count < MaxPerConnection) statements[sql] = kept;
        }
        var statement = kept.Statement;
        try
        {
            for (var i = 0; i < parameters.Length; i++) Bind(db, statement, kept.Positions[i], parameters[i].Value);
            var rc = raw.sqlite3_step(statement);
            if (rc is not (raw.SQLITE_DONE or raw.SQLITE_ROW)) SqliteException.ThrowExceptionForRC(rc, db);
            return raw.sqlite3_changes(db);
        }
        finally
        {
            raw.sqlite3_reset(statement);
            raw.sqlite3_clear_bindings(statement);
            if (!statements.ContainsKey(sql)) statement.Dispose();
        }
    }

    private static Kept Compile(SqliteConnection c, sqlite3 db, string sql, ReadOnlySpan<(string Name, DbType Type, object? Value)> parameters)
    {
        var rc = raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement, out var tail);
        SqliteException.ThrowExceptionForRC(rc, db);
        if (!string.IsNullOrWhiteSpace(tail)) { statement.Dispose(); throw new ArgumentException("one statement only", nameof(sql)); }
        var positions = new int[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var name = parameters[i].Name;
            positions[i] = raw.sqlite3_bind_parameter_index(statement, KeptCommands.BindName(c, name));
            if (positions[i] == 0) { statement.Dispose(); throw new ArgumentException($"no parameter {name} in the statement", nameof(parameters)); }
        }
        return new Kept(statement, positions);
    }

    private static void Bind(sqlite3 db, sqlite3_stmt statement, int position, object? value)
    {
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(statement, position),
            string s => raw.sqlite3_bind_text(statement, position, s),
            long l => raw.sqlite3_bind_int64(statement, position, l),
            int n => raw.sqlite3_bind_int64(statement, position, n),
            bool b => raw.sqlite3_bind_int64(statement, position, b ? 1 : 0),
            _ => throw new ArgumentException($"no binding for a {value.GetType().Name}", nameof(value)),
        };
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
    }
}
