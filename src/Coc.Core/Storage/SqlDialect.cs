using System.Data.Common;

namespace Coc.Core.Storage;

/// <summary>What differs between the SQL engines; the queries themselves are shared.</summary>
public abstract class SqlDialect
{
    /// <summary>Case-insensitive LIKE.</summary>
    public abstract string LikeOperator { get; }
    public abstract bool IsUniqueViolation(DbException e);

    /// <summary>"column is one of the list parameter": Dapper expands <c>IN @list</c> for SQLite, while Npgsql
    /// passes the list as an array.</summary>
    public abstract string InList(string column, string parameter);
    public abstract IReadOnlyList<Migration> Migrations { get; }
}

public sealed record Migration(int Version, string Name, string Sql);
