using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Core.Storage.Outbox;
using Coc.Server.Auth;
using Coc.Server.Features.Webhooks;
using Coc.Server.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Coc.Server.Features.LiveEvents;

/// <summary>
/// <c>GET /v1/events/stream</c> (outbound.md, Live events): Server-Sent Events of the caller's project, each with
/// <c>id:</c> (the event id), <c>event:</c> (its type) and <c>data:</c> (the body webhooks carry). <c>Last-Event-ID</c>
/// resumes after that event while it is kept; an event no longer (or never) kept answers one <c>event: reset</c> and
/// the stream goes on from now. A comment line keeps an idle stream alive.
/// </summary>
public static partial class EventStreamEndpoints
{
    public const string Path = "/v1/events/stream";
    public const string LastEventIdHeader = "Last-Event-ID";
    private const int CatchUpBatch = 500;

    [GeneratedRegex("^evt_[a-z0-9]{24}$")]
    private static partial Regex EventId();

    public static IEndpointRouteBuilder MapLiveEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, StreamAsync).RequirePermission(Permissions.TicketList).WithTags("Events")
            .WithName("StreamEvents").WithSummary("Server-Sent Events of the project's ticket and alarm changes");
        return app;
    }

    private static async Task StreamAsync(
        HttpContext http, EventFeed feed, SqlEventLog events, WebhookEventBodies bodies, ServerOptions options, IHostApplicationLifetime lifetime,
        ILoggerFactory logs)
    {
        var project = Caller.Of(http).Project;
        var lastId = http.Request.Headers[LastEventIdHeader].ToString();
        if (lastId.Length > 0 && !EventId().IsMatch(lastId))
            throw CocErrors.Invalid($"{LastEventIdHeader} must be an event id (evt_ and 24 letters or digits)");
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var ct = stopping.Token;
        await feed.Ready.WaitAsync(ct);
        using var subscription = feed.Subscribe(project);
        long? resumeAt = lastId.Length > 0 ? await events.SeqOfAsync(project, lastId, ct) : null;

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache, no-store";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var writer = new SseWriter(http.Response);
        try
        {
            await writer.RetryAsync(TimeSpan.FromSeconds(2), ct);
            // Ids the feed may still hand on that were sent already, or that committed before the stream opened.
            var sent = new HashSet<string>(StringComparer.Ordinal);
            if (resumeAt is { } position)
            {
                await CatchUpAsync(writer, events, bodies, project, position, sent, ct);
            }
            else
            {
                if (lastId.Length > 0)
                    await writer.ResetAsync("the event in Last-Event-ID is no longer kept (or is not of this project): reload, then follow from here", ct);
                foreach (var e in await events.AfterAsync(subscription.From, project, EventFeed.SubscriberBuffer, ct)) sent.Add(e.Id);
            }

            var keepAlive = TimeSpan.FromSeconds(Math.Max(0.05, options.Events.KeepAliveSeconds));
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(keepAlive);
                bool more;
                try
                {
                    more = await subscription.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await writer.CommentAsync("keep-alive", ct);
                    continue;
                }
                if (!more)
                {
                    if (subscription.Overflowed) await writer.ResetAsync("this stream fell too far behind: reload, then follow from here", ct);
                    return;
                }
                while (subscription.Reader.TryRead(out var e))
                    if (!sent.Remove(e.Id)) await writer.EventAsync(e, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client went away, or the server is stopping: the stream just ends
        }
        catch (IOException) when (ct.IsCancellationRequested || http.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            // The answer has started, so no error body can follow: the stream ends and the client resumes with Last-Event-ID.
            logs.CreateLogger(typeof(EventStreamEndpoints)).LogWarning("A live events stream ended: {Error}", e.Message);
        }
    }

    /// <summary>The project's events after <paramref name="position"/>, read from the table; their ids go to
    /// <paramref name="sent"/> so the feed's copies of the same events are not sent twice.</summary>
    private static async Task CatchUpAsync(
        SseWriter writer, SqlEventLog events, WebhookEventBodies bodies, string project, long position, HashSet<string> sent, CancellationToken ct)
    {
        while (true)
        {
            var batch = await events.AfterAsync(position, project, CatchUpBatch, ct);
            foreach (var e in batch)
            {
                position = e.Seq;
                if (await EventFeed.RenderAsync(bodies, e, ct) is not { } live) continue;
                sent.Add(e.Id);
                await writer.EventAsync(live, ct);
            }
            if (batch.Count < CatchUpBatch) return;
        }
    }

    /// <summary>The SSE wire format: fields of one event on their own lines, a blank line after each; flushed at once.</summary>
    private sealed class SseWriter(HttpResponse response)
    {
        public Task RetryAsync(TimeSpan after, CancellationToken ct) => WriteAsync($"retry: {(long)after.TotalMilliseconds}\n\n", ct);

        public Task CommentAsync(string text, CancellationToken ct) => WriteAsync($": {text}\n\n", ct);

        public Task ResetAsync(string reason, CancellationToken ct) =>
            WriteAsync($"event: reset\ndata: {JsonSerializer.Serialize(new StreamResetData(reason), LiveEventJsonContext.Default.StreamResetData)}\n\n", ct);

        public Task EventAsync(LiveEvent e, CancellationToken ct)
        {
            var text = new StringBuilder().Append("id: ").Append(e.Id).Append("\nevent: ").Append(e.Type).Append('\n');
            foreach (var line in e.Body.Split('\n')) text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
            return WriteAsync(text.Append('\n').ToString(), ct);
        }

        private async Task WriteAsync(string text, CancellationToken ct)
        {
            await response.WriteAsync(text, ct);
            await response.Body.FlushAsync(ct);
        }
    }
}
