using Microsoft.Extensions.Logging;

namespace Coc.Core.Storage;

/// <summary>
/// Whether writes currently succeed. A write refused for lack of space starts a "full" episode, logged once; the
/// next write that commits ends it (logged once too). Reads do not depend on it.
/// </summary>
public sealed class WriteHealth(ILogger log)
{
    private int _full;
    private long _fullSince;

    public bool IsFull => Volatile.Read(ref _full) == 1;

    internal void ReportFull()
    {
        if (Interlocked.Exchange(ref _full, 1) == 1) return;
        Volatile.Write(ref _fullSince, Environment.TickCount64);
        log.LogWarning("Storage is full: writes are refused (507) until space is freed; reads keep working");
    }

    internal void ReportWritten()
    {
        if (Volatile.Read(ref _full) == 0 || Interlocked.Exchange(ref _full, 0) == 0) return;
        log.LogInformation("Storage is writable again after {Seconds:F0} s full",
            (Environment.TickCount64 - Volatile.Read(ref _fullSince)) / 1000.0);
    }
}
