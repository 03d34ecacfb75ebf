using Coc.Core.Storage;

namespace Coc.Server.Features.Attachments;

/// <summary>Removes uploaded files that were never linked to a ticket within a day (api.md, Attachments).</summary>
public sealed class UnlinkedAttachmentCleanup(IAttachmentStore store, TimeProvider clock, ILogger<UnlinkedAttachmentCleanup> log)
    : BackgroundService
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            try
            {
                var cutoff = (clock.GetUtcNow() - MaxAge).ToUnixTimeMilliseconds();
                var removed = await store.PurgeUnlinkedAsync(cutoff, stoppingToken);
                if (removed > 0) log.LogInformation("Removed {Count} unlinked attachments older than a day", removed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Cleaning up unlinked attachments failed; will retry");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
