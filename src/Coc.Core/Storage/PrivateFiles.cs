namespace Coc.Core.Storage;

/// <summary>
/// Files only the service's user may read: directories 0700 and files 0600 whatever the umask (the modes are asked
/// for at creation, so nothing is ever readable by others even for a moment). No-ops on Windows, which has no modes.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode OwnerFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode OwnerDirectoryMode = OwnerFileMode | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOther = ~OwnerDirectoryMode;

    /// <summary>Creates the directory (and missing parents) 0700; an existing one is left as it is.</summary>
    public static void CreateDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerDirectoryMode);
    }

    /// <summary>Creates an empty file 0600 if it does not exist; takes group and other access away from an existing one.</summary>
    public static void CreateFile(string path)
    {
        CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path)) { Restrict(path); return; }
        try
        {
            new FileStream(path, Options(FileMode.CreateNew)).Dispose();
        }
        catch (IOException) when (File.Exists(path))
        {
            Restrict(path); // made by another process in between
        }
    }

    /// <summary>Takes group and other access away from an existing file (e.g. one an older release made 0644).</summary>
    public static void Restrict(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path)) return;
        if ((File.GetUnixFileMode(path) & GroupOrOther) != 0) File.SetUnixFileMode(path, File.GetUnixFileMode(path) & ~GroupOrOther);
    }

    /// <summary>Writes a new file 0600; fails if it exists.</summary>
    public static void WriteNew(string path, string text)
    {
        CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = new FileStream(path, Options(FileMode.CreateNew));
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    /// <summary>Writes a new file 0600 complete or not at all (a temporary file linked into place); false when the
    /// file already exists (e.g. another process made it first), which is then left as it is.</summary>
    public static bool TryCreate(string path, string text)
    {
        var temporary = path + ".new-" + Guid.NewGuid().ToString("N")[..8];
        WriteNew(temporary, text);
        try
        {
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes the file 0600 through a temporary file renamed over it, so a reader sees the old or the new content.</summary>
    public static void Replace(string path, string text)
    {
        var temporary = path + ".new-" + Guid.NewGuid().ToString("N")[..8];
        WriteNew(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    private static FileStreamOptions Options(FileMode mode) => OperatingSystem.IsWindows()
        ? new FileStreamOptions { Mode = mode, Access = FileAccess.Write }
        : new FileStreamOptions { Mode = mode, Access = FileAccess.Write, UnixCreateMode = OwnerFileMode };
}
