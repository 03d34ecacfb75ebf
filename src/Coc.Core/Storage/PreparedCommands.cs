using System.Data;
using System.Data.Common;

namespace Coc.Core.Storage;

/// <summary>
/// On SQLite, statements kept with the connection (<see cref="Sqlite.SqliteKeptStatements"/>). Elsewhere, commands kept for the length of one transaction, so a statement run once per alert of a payload is prepared once
/// (Microsoft.Data.Sqlite re-prepares the SQL of every new command; re-running the same command reuses it). Dispose
/// it inside the transaction's work, on the connection's turn.
/// </summary>
internal sealed class PreparedCommands(DbConnection c, DbTransaction tx) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="sql"/> with the values in the order of <paramref name="parameters"/> (names and types
    /// are fixed by the first run of that SQL).</summary>
    public Task<int> ExecuteAsync(string sql, params ReadOnlySpan<(string Name, DbType Type, object? Value)> parameters)
    {
        if (c is Microsoft.Data.Sqlite.SqliteConnection sqlite) return Task.FromResult(Sqlite.SqliteKeptStatements.Execute(sqlite, sql, parameters));
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = c.CreateCommand();
            command.CommandText = sql;
            command.Transaction = tx;
            foreach (var (name, type, _) in parameters)
            {
                var p = command.CreateParameter();
                p.ParameterName = KeptCommands.BindName(c, name);
                p.DbType = type;
                command.Parameters.Add(p);
            }
            _commands[sql] = command;
        }
        for (var i = 0; i < parameters.Length; i++) command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        return command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
    }
}
