using Coc.Core.Errors;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Coc.Core.Storage.Postgres;

/// <summary>
/// Finds out whether a transaction whose COMMIT lost its connection committed, with PostgreSQL's
/// <c>pg_xact_status</c> on a new connection. That status is trusted only while the server that ran the transaction
/// is still up (same <c>pg_postmaster_start_time</c>): after a crash, an id whose commit never reached the disk can be
/// given to another transaction, so the answer is "outcome unknown". A transaction still "in progress" (the
/// backend has not noticed the lost client yet) is waited for, then ended by terminating that backend.
/// </summary>
internal sealed class CommitResolver(NpgsqlDataSource dataSource, ILogger? log)
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);
    private readonly ILogger _log = log ?? NullLogger.Instance;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The transaction's id, its backend and the server's start, read inside the transaction.</summary>
    public sealed record Identity(string Xid, int Pid, DateTime ServerStart);

    public static Task<Identity> IdentifyAsync(NpgsqlConnection c, NpgsqlTransaction tx) =>
        c.QuerySingleAsync<Identity>(
            "SELECT pg_current_xact_id()::text AS Xid, pg_backend_pid() AS Pid, pg_postmaster_start_time() AS ServerStart",
            transaction: tx);

    /// <summary>Returns when the transaction committed; throws "not applied" when it provably did not, and
    /// "outcome unknown" when that cannot be found out within <see cref="Window"/>.</summary>
    public async Task ResolveAsync(Identity tx, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Window;
        var terminateAfter = DateTime.UtcNow + Window / 2;
        var terminated = false;
        while (true)
        {
            try
            {
                await using var c = await dataSource.OpenConnectionAsync(ct);
                var now = await c.QuerySingleAsync<(DateTime ServerStart, string? Status)>(
                    "SELECT pg_postmaster_start_time(), pg_xact_status(@xid::xid8)", new { xid = tx.Xid });
                if (now.ServerStart != tx.ServerStart) throw Unknown(tx, "the database server restarted");
                switch (now.Status)
                {
                    case "committed":
                        _log.LogWarning("A commit lost its connection; transaction {Xid} is committed: answered as applied", tx.Xid);
                        return;
                    case "aborted":
                        _log.LogWarning("A commit lost its connection; transaction {Xid} is aborted: answered as not applied", tx.Xid);
                        throw CocErrors.NotApplied();
                    case "in progress" when !terminated && DateTime.UtcNow >= terminateAfter:
                        // The backend still holds the transaction open: end it, so that its outcome is final.
                        await c.ExecuteAsync("SELECT pg_terminate_backend(@pid)", new { pid = tx.Pid });
                        terminated = true;
                        continue;
                    case "in progress":
                        break;
                    default:
                        throw Unknown(tx, "its status is no longer kept");
                }
            }
            catch (NpgsqlException)
            {
                // The database is not reachable (yet), or refuses connections: try again until the window closes.
            }
            if (DateTime.UtcNow + Pause >= deadline) throw Unknown(tx, "the database was not reachable in time");
            await Task.Delay(Pause, ct);
        }
    }

    private CocException Unknown(Identity tx, string why)
    {
        _log.LogWarning("A commit lost its connection; the outcome of transaction {Xid} is unknown: {Why}", tx.Xid, why);
        return CocErrors.OutcomeUnknown();
    }
}
