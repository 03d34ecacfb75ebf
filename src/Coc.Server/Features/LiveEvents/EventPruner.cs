using Coc.Core.Storage.Outbox;
using Coc.Server.Hosting;
using Coc.Server.Storage;

namespace Coc.Server.Features.LiveEvents;

/// <summary>Deletes, every <see cref="LiveEventOptions.PruneIntervalMinutes"/>, the events older than
/// <see cref="SqlEventLog.Retention"/> that no delivery still waits for (a stream resumes only within that time).</summary>
public sealed class EventPruner(SqlEventLog events, StorageState storage, ServerOptions options, TimeProvider clock, ILogger<EventPruner> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(0.01, options.Events.PruneIntervalMinutes)), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
                await PruneOnceAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    public async Task<int> PruneOnceAsync(CancellationToken ct)
    {
        if (!storage.Migrated) return 0;
        try
        {
            var cutoff = clock.GetUtcNow().ToUnixTimeMilliseconds() - (long)SqlEventLog.Retention.TotalMilliseconds;
            return await events.PruneAsync(cutoff, ct: ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Pruning old events failed, trying again at the next interval: {Error}", e.Message);
            return 0;
        }
    }
}
