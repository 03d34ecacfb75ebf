using System.Data.Common;
using Npgsql;

namespace Coc.Core.Storage.Postgres;

public sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public override string LikeOperator => "ILIKE";

    public override bool IsUniqueViolation(DbException e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override bool IsStorageFull(DbException e) => e is PostgresException { SqlState: PostgresErrorCodes.DiskFull };

    public override string InList(string column, string parameter) => $"{column} = ANY(@{parameter})";

    public override string Long => "BIGINT";
    public override string Bytes => "BYTEA";
    public override string Serial => "BIGSERIAL PRIMARY KEY";

    public override string StateJson(string key, string type) => type switch
    {
        "First" => $"(state::jsonb -> '{key}' ->> 0)",
        "Long" => $"(state::jsonb ->> '{key}')::bigint",
        "Bool" => $"(state::jsonb ->> '{key}')::boolean",
        _ => $"(state::jsonb ->> '{key}')",
    };

    public override int CounterShards => 16;

    public override string ForUpdate => " FOR UPDATE";
    public override string LockSkippingLocked(string alias) => $" FOR UPDATE OF {alias} SKIP LOCKED";

    /// <summary>Held until the migrating transaction ends: one instance migrates, the others wait, then find it done.</summary>
    public override string? MigrationLock => "SELECT pg_advisory_xact_lock(4849224002258766)";
}
