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
    /// <exception cref="IOException">the lock file cannot be made or opened (with the reason).</exception>
    public static SqliteFileOwnership Claim(string databasePath, bool exclusive)
    {
        var path = LockPath(databasePath);
        try
        {
            PrivateFiles.CreateFile(path); // no lock yet: opening it is the claim
            // On Unix, FileShare.None takes flock(LOCK_EX); any other sharing flock(LOCK_SH), which .NET takes on every
            // file system only for a read-only handle. Both are non-blocking: a conflict fails at once.
            return new SqliteFileOwnership(exclusive
                ? new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None)
                : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            throw new SqliteFileInUseException(databasePath, exclusive, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot claim the SQLite file {databasePath} through {path}: {e.Message}", e);
        }
    }

    // A held lock: on Unix .NET reports flock's EWOULDBLOCK as the raw errno (11 on Linux); on Windows a sharing violation.
    private static bool IsHeldElsewhere(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) == 32 : e.HResult is 11 or 35; // EAGAIN: Linux 11, BSD/macOS 35

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
