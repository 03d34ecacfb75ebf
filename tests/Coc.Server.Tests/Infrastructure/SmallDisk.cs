using System.Diagnostics;

namespace Coc.Server.Tests;

/// <summary>
/// A real, small file system (tmpfs, mounted here as root) that a test can fill to the last byte and free again.
/// Fails, never skips, where mounting is not allowed. Unmounted on dispose.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private readonly string _filler;

    public SmallDisk(int megabytes)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "coc-small-disk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", Path);
        _filler = System.IO.Path.Combine(Path, "filler");
    }

    public string Path { get; }

    /// <summary>Writes a file until the file system has no byte left.</summary>
    public void Fill()
    {
        var chunk = new byte[4096];
        using var file = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true) file.Write(chunk);
        }
        catch (IOException)
        {
            // ENOSPC: full. Top up byte by byte so that not even a partial block is left.
            try { while (true) file.Write(chunk, 0, 1); }
            catch (IOException) { }
        }
    }

    public void Free() => File.Delete(_filler);

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try { Directory.Delete(Path); } catch (IOException) { }
    }

    private static void Run(string command, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true })!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({p.ExitCode}): {error}");
    }
}
