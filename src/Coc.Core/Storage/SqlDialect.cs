using System.Data.Common;

namespace Coc.Core.Storage;

/// <summary>What differs between the SQL engines; the queries themselves are shared.</summary>
public abstract class SqlDialect
{
    /// <summary>Case-insensitive LIKE.</summary>
    public abstract string LikeOperator { get; }
    public abstract bool IsUniqueViolation(DbException e);

    /// <summary>The database (or the disk under it) has no room for the write.</summary>
    public abstract bool IsStorageFull(DbException e);

    /// <summary>"column is one of the list parameter": Dapper expands <c>IN @list</c> for SQLite, while Npgsql
    /// passes the list as an array.</summary>
    public abstract string InList(string column, string parameter);

    /// <summary>"column is one of the texts of one parameter" (whose value is <see cref="TextList"/>'s): a long list costs
    /// one parameter to bind, not one per item.</summary>
    public virtual string InTextList(string column, string parameter) => InList(column, parameter);

    public virtual object TextList(IReadOnlyCollection<string> values) => values.ToArray();
    public abstract string Long { get; }
    public abstract string Bytes { get; }
    public abstract string Serial { get; }

    /// <summary>A value of the <c>state</c> JSON column, for migrations that copy one into a column of its own:
    /// <paramref name="type"/> Text, First (a list's first item), Long or Bool.</summary>
    public abstract string StateJson(string key, string type);

    /// <summary>A statement that keeps concurrent migrators out until the migrating transaction ends, if needed.</summary>
    public abstract string? MigrationLock { get; }

    /// <summary>Appended to a SELECT whose rows the transaction will change: PostgreSQL locks them (a concurrent writer
    /// waits, then sees the committed row); SQLite's one writer needs nothing.</summary>
    public virtual string ForUpdate => "";

    /// <summary>How many rows a project's ticket count is spread over. A create locks one until it commits, so one
    /// row would queue every concurrent create of a project behind the previous commit. SQLite has one writer
    /// anyway: 1.</summary>
    public virtual int CounterShards => 1;

    /// <summary>Ends a SELECT so that it locks the rows of <paramref name="alias"/> it returns and skips those another
    /// transaction holds (PostgreSQL); empty where one writer is all there is (SQLite).</summary>
    public virtual string LockSkippingLocked(string alias) => "";

    public IReadOnlyList<Migration> Migrations => _migrations ??= Schema.For(this);
    private IReadOnlyList<Migration>? _migrations;
}

public sealed record Migration(int Version, string Name, string Sql);
