using Microsoft.Data.Sqlite;

namespace Coc.Core.Tests.Storage;

/// <summary>A directory of its own under the temp folder for a test class's database files, removed afterwards.</summary>
public abstract class ScratchDirectory : IDisposable
{
    protected ScratchDirectory(string prefix)
    {
        Directory = Path.Combine(Path.GetTempPath(), "coc-core-tests", prefix + "-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    protected string Directory { get; }

    protected string DataPath => Path.Combine(Directory, "coc.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
