using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Coc.Core.Storage;

/// <summary>
/// Commands kept with their connection for as long as it lives, one per statement text. Microsoft.Data.Sqlite compiles
/// the SQL of every new command (Dapper makes one per call), and compiling an INSERT into a table with many indexes
/// costs about as much as running it; SQLite's one writer connection lives as long as the server, so its hot
/// statements are compiled once. On a connection that does not last (a pooled PostgreSQL one), a kept command dies
/// with it. Values bind by name, typed from their CLR values as Dapper types them; the work of a connection is
/// sequential, so no command is shared between two threads.
/// </summary>
internal static class KeptCommands
{
    /// <summary>Statement texts kept per connection at most; beyond, a statement runs in a command of its own.</summary>
    private const int MaxPerConnection = 64;

    private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> Kept = new();

    /// <summary>The parameter's name as the SQL spells it. Microsoft.Data.Sqlite looks a bare name up once as it is and
    /// then once per prefix (@, $, :) on every execution, each a scan of the statement's parameters; the prefixed name
    /// is found by the first lookup.</summary>
    internal static string BindName(DbConnection c, string name) =>
        c is Microsoft.Data.Sqlite.SqliteConnection && name.Length > 0 && name[0] is not ('@' or '$' or ':') ? "@" + name : name;

    public static async Task<int> ExecuteKeptAsync(this DbConnection c, DbTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var commands = Kept.GetOrCreateValue(c);
        if (commands.TryGetValue(sql, out var command))
        {
            command.Transaction = tx;
            for (var i = 0; i < parameters.Length; i++) command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
            return await command.ExecuteNonQueryAsync();
        }
        command = c.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = BindName(c, name);
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        if (commands.Count >= MaxPerConnection)
        {
            await using (command) return await command.ExecuteNonQueryAsync();
        }
        var result = await command.ExecuteNonQueryAsync();
        commands[sql] = command; // kept only once it ran: a statement that fails to compile is not kept
        return result;
    }
}
