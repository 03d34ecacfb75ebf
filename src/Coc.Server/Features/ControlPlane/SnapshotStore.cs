using System.Text.RegularExpressions;
using Coc.Core.Errors;
using Coc.Core.Storage;
using Coc.Core.Storage.Control;
using Coc.Core.Storage.Sqlite;
using Coc.Server.Hosting;

namespace Coc.Server.Features.ControlPlane;

/// <summary>
/// Snapshots of the whole SQLite database in <c>snapshots/</c> beside it (a temporary folder for <c>:memory:</c>), one
/// <c>NAME.db</c> file each, taken and restored with SQLite's online backup API while the server serves. PostgreSQL:
/// 501, pointing to <c>pg_dump</c>.
/// </summary>
public sealed partial class SnapshotStore(Database database, StateControl state, StateCaches caches, ServerOptions options, TimeProvider clock)
{
    public const string Extension = ".db";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    public string Directory { get; } = options.DataPath == ":memory:"
        ? Path.Combine(Path.GetTempPath(), $"coc-incident-snapshots-{Environment.ProcessId}")
        : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.DataPath))!, "snapshots");

    private SqliteDatabase Sqlite => database as SqliteDatabase ?? throw new CocException(501, CocErrors.NotAllowedCode,
        "snapshots are for SQLite; on PostgreSQL take and restore them with pg_dump and pg_restore (export/import of a project works on both)");

    public async Task<SnapshotData> CreateAsync(string? name, CancellationToken ct)
    {
        var sqlite = Sqlite;
        name ??= "snap-" + clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var file = FileOf(name);
        if (File.Exists(file)) throw CocErrors.NotAllowed($"snapshot {name} exists already; delete it first or choose another name");
        PrivateFiles.CreateDirectory(Directory);
        var partial = file + ".partial";
        File.Delete(partial);
        try
        {
            await sqlite.BackupToAsync(partial, ct);
            File.Move(partial, file);
        }
        finally
        {
            File.Delete(partial);
        }
        return Describe(new FileInfo(file));
    }

    public IReadOnlyList<SnapshotData> List()
    {
        _ = Sqlite;
        if (!System.IO.Directory.Exists(Directory)) return [];
        return new DirectoryInfo(Directory).GetFiles("*" + Extension).Where(f => NamePattern().IsMatch(NameOf(f)))
            .OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal).Select(Describe).ToList();
    }

    /// <summary>Replaces the running state with the snapshot: refused (409) when it was taken by a newer schema; an
    /// older one is migrated after the restore.</summary>
    public async Task<RestoreData> RestoreAsync(string name, CancellationToken ct)
    {
        var sqlite = Sqlite;
        var file = Existing(name);
        var version = SqliteDatabase.SchemaVersionOf(file);
        if (version > state.KnownSchemaVersion)
            throw CocErrors.NotAllowed($"snapshot {name} has schema version {version}, newer than this server's {state.KnownSchemaVersion}: restore it with a newer release");
        try
        {
            await sqlite.RestoreFromAsync(file, ct);
            if (version < state.KnownSchemaVersion) await database.MigrateAsync(ct);
        }
        finally
        {
            caches.DropAll();
        }
        return new RestoreData(name, version);
    }

    public void Delete(string name)
    {
        _ = Sqlite;
        File.Delete(Existing(name));
    }

    private string Existing(string name)
    {
        var file = FileOf(name);
        return File.Exists(file) ? file : throw new CocException(404, CocErrors.InvalidParameterCode, $"snapshot {name} does not exist");
    }

    private string FileOf(string name)
    {
        if (!NamePattern().IsMatch(name))
            throw CocErrors.Invalid("name must be 1 to 64 characters A-Z a-z 0-9 . _ - (starting with a letter or digit)");
        return Path.Combine(Directory, name + Extension);
    }

    private static string NameOf(FileInfo f) => f.Name[..^Extension.Length];

    private static SnapshotData Describe(FileInfo f) =>
        new(NameOf(f), f.Length, new DateTimeOffset(f.LastWriteTimeUtc).ToUnixTimeMilliseconds());
}
