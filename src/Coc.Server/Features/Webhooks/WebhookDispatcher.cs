using System.Diagnostics;
using System.Threading.Channels;
using Coc.Core.Storage.Outbox;
using Coc.Core.Webhooks;
using Coc.Server.Hosting;
using Coc.Server.Storage;

namespace Coc.Server.Features.Webhooks;

/// <summary>
/// Sends the outbox's deliveries: claims the due ones (see <see cref="SqlDeliveryQueue"/>), sends them side by side
/// (one per ticket at a time, so each ticket's events stay in order), and records each attempt: 2xx delivered, 410 gone
/// (the subscription is disabled), anything else retried on <see cref="RetrySchedule"/> until it fails. A delivery cut
/// off by a shutdown or a crash is not recorded; it is claimed again when its lease runs out.
/// </summary>
public sealed class WebhookDispatcher(
    SqlDeliveryQueue queue, WebhookSender sender, WebhookEventBodies bodies, StorageState storage, ServerOptions options, TimeProvider clock,
    ILogger<WebhookDispatcher> log, WebhookMetrics? metrics = null) : BackgroundService
{
    private const int BatchSize = 64;
    private const int Parallelism = 8;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var idle = TimeSpan.FromMilliseconds(Math.Max(10, options.Webhooks.PollMilliseconds));
        var lease = TimeSpan.FromSeconds(Math.Max(WebhookOptions.Timeout.TotalSeconds + 1, options.Webhooks.ClaimLeaseSeconds));
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                if (!storage.Migrated || await DispatchOnceAsync(lease, stopping) == 0) await Task.Delay(idle, stopping);
                else await Task.Delay(RestAfter(Stopwatch.GetElapsedTime(started)), stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be away for a moment (a restart, a full disk): try again after a pause, never stop.
                log.LogWarning("Webhook dispatch failed, retrying in 1 s: {Error}", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// After a round that sent something, a rest in proportion (<see cref="WebhookOptions.DispatchShare"/>: at 0.2 the
    /// dispatcher works at most a fifth of the time), so that a backlog is worked off beside the requests instead of
    /// taking the CPU from them; at most <see cref="MaxRest"/>, so that a slow receiver does not slow the others down.
    /// </summary>
    private TimeSpan RestAfter(TimeSpan busy)
    {
        var share = Math.Clamp(options.Webhooks.DispatchShare, 0.05, 1);
        var rest = busy * (1 / share - 1);
        return rest < MaxRest ? rest : MaxRest;
    }

    private static readonly TimeSpan MaxRest = TimeSpan.FromMilliseconds(250);

    /// <summary>One round: claims what is due and delivers it; returns how many deliveries were attempted. The attempts
    /// are recorded as they finish, those that finished while the previous record was written together in one
    /// transaction: a busy round takes a few turns of the writer instead of one per delivery.</summary>
    public async Task<int> DispatchOnceAsync(TimeSpan lease, CancellationToken ct)
    {
        var batch = await queue.ClaimAsync(clock.GetUtcNow().ToUnixTimeMilliseconds(), lease, BatchSize, ct);
        if (batch.Count == 0) return 0;
        var finished = Channel.CreateUnbounded<(ClaimedDelivery, AttemptResult)>(new UnboundedChannelOptions { SingleReader = true });
        var recorder = RecordAsync(finished.Reader, ct);
        try
        {
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                async (d, token) => finished.Writer.TryWrite((d, await AttemptAsync(d, token))));
        }
        finally
        {
            finished.Writer.Complete();
        }
        await recorder;
        return batch.Count;
    }

    private async Task RecordAsync(ChannelReader<(ClaimedDelivery Delivery, AttemptResult Result)> finished, CancellationToken ct)
    {
        var ready = new List<(ClaimedDelivery Delivery, AttemptResult Result)>(Parallelism);
        while (await finished.WaitToReadAsync(ct))
        {
            ready.Clear();
            while (finished.TryRead(out var one)) ready.Add(one);
            await queue.RecordAsync(ready, ct);
            foreach (var (d, r) in ready)
            {
                metrics?.Attempted(r.Outcome, r.Sent ? r.DurationMs : null);
                if (r.Outcome != AttemptOutcomes.Delivered)
                    log.LogInformation("Webhook {Webhook} event {Event} attempt {Attempt}: {Outcome} ({Status})",
                        d.WebhookId, d.EventId, d.Attempt, r.Outcome, r.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? r.Error);
            }
        }
    }

    /// <summary>Renders and sends one delivery; what happened, to be recorded.</summary>
    private async Task<AttemptResult> AttemptAsync(ClaimedDelivery d, CancellationToken ct)
    {
        string data;
        try
        {
            data = await bodies.DataAsync(d, ct);
        }
        catch (InvalidOperationException e)
        {
            return new AttemptResult(Now, AttemptOutcomes.Failed, null, 0, null, e.Message, null, null) { Sent = false };
        }
        var answer = await sender.SendAsync(d, WebhookEventBodies.Body(d, data), ct);
        var now = Now;
        var (outcome, next) = answer switch
        {
            { Succeeded: true } => (AttemptOutcomes.Delivered, (long?)null),
            { Status: 410 } => (AttemptOutcomes.Gone, null),
            _ when RetrySchedule.After(d.Attempt, Random.Shared) is { } wait => (AttemptOutcomes.Retrying, now + (long)wait.TotalMilliseconds),
            _ => (AttemptOutcomes.Failed, null),
        };
        return new AttemptResult(now, outcome, answer.Status, answer.DurationMs, answer.Excerpt, answer.Error, next, d.Data is null ? data : null);
    }

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
