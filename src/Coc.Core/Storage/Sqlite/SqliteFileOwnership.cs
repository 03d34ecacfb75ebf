namespace Coc.Core.Storage.Sqlite;

/// <summary>
/// Claims a SQLite file for server processes through an advisory lock on <c>FILE.lock</c> beside it, held until
/// disposed (the operating system releases it when the process dies). A server that keeps tickets in memory
/// (<see cref="CachedTicketStore"/>) claims the file <b>exclusively</b>: it must be the file's only writer of tickets.
/// A server without that cache claims it <b>shared</b>, so several such servers can share the file, but none of
/// them beside one with the cache. Admin commands, which write keys, users and projects only, claim nothing.
/// </summary>
public sealed class SqliteFileOwnership : IDisposable
{
    private readonly FileStream _lock;

    private SqliteFileOwnership(FileStream lockFile) => _lock = lockFile;

    public static string LockPath(string databasePath) => Path.GetFullPath(databasePath) + ".lock";

    /// <exception cref="SqliteFileInUseException">the claim conflicts with one held by another process (or by another
    /// store in this one).</exception>
    public static SqliteFileOwnership Claim(string databasePath, bool exclusive)
    {
        var path = LockPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            // On Unix, FileShare.None takes flock(LOCK_EX) and any other sharing flock(LOCK_SH), both non-blocking.
            return new SqliteFileOwnership(new FileStream(
                path, FileMode.OpenOrCreate, FileAccess.ReadWrite, exclusive ? FileShare.None : FileShare.ReadWrite));
        }
        catch (IOException e)
        {
            throw new SqliteFileInUseException(databasePath, exclusive, e);
        }
    }

    public void Dispose() => _lock.Dispose();
}

public sealed class SqliteFileInUseException(string databasePath, bool exclusive, Exception inner) : Exception(
    $"The SQLite file {databasePath} is in use by another coc-incident server" +
    (exclusive ? "." : " that keeps tickets in memory.") +
    " A server with the ticket cache (the default) must be the only server on its SQLite file. Run several instances " +
    "on PostgreSQL (--db postgres://...), or set Coc:TicketCache=0 on every instance that shares the file.", inner)
{
    public string DatabasePath { get; } = databasePath;
}
