using System.Threading.Channels;
using Coc.Core.Storage.Outbox;
using Coc.Server.Features.Webhooks;
using Coc.Server.Hosting;
using Coc.Server.Storage;

namespace Coc.Server.Features.LiveEvents;

/// <summary>
/// The instance's one reader of the events table for the live streams: every <see cref="LiveEventOptions.PollMilliseconds"/>
/// it reads the events after the last one it saw (all projects, so a change committed by any instance sharing the
/// database is seen) and hands each to the streams of its project, its body rendered once. While no stream is open it
/// only follows the newest position.
/// </summary>
/// <remarks>
/// On PostgreSQL positions (<c>seq</c>) are taken at insert and transactions commit in any order, so a position may appear
/// after a later one was read: a position skipped over is looked for again for <see cref="HoleGrace"/> (a rolled-back
/// insert leaves one for good).
/// </remarks>
public sealed class EventFeed(
    SqlEventLog events, WebhookEventBodies bodies, StorageState storage, ServerOptions options, ILogger<EventFeed> log) : BackgroundService
{
    public const int SubscriberBuffer = 2048;
    private const int BatchSize = 500;
    private const int MaxHoles = 10_000;
    private static readonly TimeSpan HoleGrace = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];
    private readonly Dictionary<long, long> _holes = []; // position → when it was first skipped (Environment.TickCount64)
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _position = -1;
    private int _subscribed; // counts subscriptions, so that a poll sees one made while it ran

    /// <summary>Completes once the feed knows the newest position: a stream subscribed after that misses nothing newer.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The events of <paramref name="project"/> seen from now on (and possibly a few committed just before: see
    /// <see cref="Subscription.From"/>); dispose to stop.</summary>
    public Subscription Subscribe(string project)
    {
        lock (_gate)
        {
            var s = new Subscription(this, project, _position);
            _subscriptions.Add(s);
            _subscribed++;
            return s;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(10, options.Events.PollMilliseconds));
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (storage.Migrated) await PollAsync(stopping);
                await Task.Delay(interval, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning("Reading the events for the live streams failed, retrying in 1 s: {Error}", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        lock (_gate)
            foreach (var s in _subscriptions) s.Writer.TryComplete();
    }

    public async Task PollAsync(CancellationToken ct)
    {
        if (_position < 0 || !AnySubscriber())
        {
            int before;
            lock (_gate) before = _subscribed;
            var latest = await events.LatestSeqAsync(ct);
            lock (_gate)
                if (_position < 0 || _subscribed == before) _position = latest; // else read on from where it was: nothing is missed
            _holes.Clear();
            _ready.TrySetResult();
            return;
        }
        var late = _holes.Count == 0 ? [] : await events.AtAsync(_holes.Keys.ToList(), ct);
        foreach (var e in late) _holes.Remove(e.Seq);
        var expired = Environment.TickCount64 - (long)HoleGrace.TotalMilliseconds;
        foreach (var (seq, since) in _holes.ToList())
            if (since < expired) _holes.Remove(seq);

        IReadOnlyList<StoredEvent> fresh;
        do
        {
            fresh = await events.AfterAsync(_position, project: null, BatchSize, ct);
            foreach (var e in fresh)
            {
                for (var skipped = _position + 1; skipped < e.Seq && _holes.Count < MaxHoles; skipped++) _holes[skipped] = Environment.TickCount64;
                _position = e.Seq;
            }
            await PublishAsync(late.Concat(fresh), ct);
            late = [];
        }
        while (fresh.Count == BatchSize);
    }

    private bool AnySubscriber()
    {
        lock (_gate) return _subscriptions.Count > 0;
    }

    private async Task PublishAsync(IEnumerable<StoredEvent> batch, CancellationToken ct)
    {
        foreach (var e in batch)
        {
            Subscription[] targets;
            lock (_gate) targets = _subscriptions.Where(s => s.Project == e.Project).ToArray();
            if (targets.Length == 0) continue;
            if (await RenderAsync(bodies, e, ct) is not { } live) continue;
            foreach (var s in targets)
                if (!s.Writer.TryWrite(live)) s.Overflow();
        }
    }

    /// <summary>The event as the stream sends it; null (and skipped) when its ticket is gone.</summary>
    public static async Task<LiveEvent?> RenderAsync(WebhookEventBodies bodies, StoredEvent e, CancellationToken ct)
    {
        try
        {
            var data = await bodies.DataAsync(e.Id, e.Project, e.TicketNumber, e.TicketSeq, e.At, e.Data, ct);
            return new LiveEvent(e.Seq, e.Id, e.Type, WebhookEventBodies.Body(e.Id, e.Type, e.Project, e.At, data));
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>One open stream's queue. When a slow reader lets it fill up it is closed as overflowed: the stream then
    /// sends a reset rather than silently skipping events.</summary>
    /// <param name="from">The feed's position when it was made: it hands on events after that, and holes before it.</param>
    public sealed class Subscription(EventFeed feed, string project, long from) : IDisposable
    {
        public long From { get; } = from;
        private readonly Channel<LiveEvent> _channel = Channel.CreateBounded<LiveEvent>(
            new BoundedChannelOptions(SubscriberBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

        public string Project { get; } = project;
        public bool Overflowed { get; private set; }
        public ChannelReader<LiveEvent> Reader => _channel.Reader;
        internal ChannelWriter<LiveEvent> Writer => _channel.Writer;

        internal void Overflow()
        {
            Overflowed = true;
            _channel.Writer.TryComplete();
        }

        public void Dispose()
        {
            lock (feed._gate) feed._subscriptions.Remove(this);
            _channel.Writer.TryComplete();
        }
    }
}

/// <param name="Body">The event body of outbound.md (the one webhooks carry), JSON.</param>
public sealed record LiveEvent(long Seq, string Id, string Type, string Body);
