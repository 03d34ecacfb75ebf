using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Coc.Core.Storage.Outbox;
using Coc.Core.Webhooks;
using Coc.Server.Hosting;
using Polly.Timeout;
using StandardWebhooks;

namespace Coc.Server.Features.Webhooks;

/// <summary>
/// One attempt of one delivery: the Standard Webhooks headers (<c>webhook-id</c> = the event id, <c>webhook-timestamp</c>,
/// <c>webhook-signature</c> with one <c>v1,</c> signature per signing secret, signed by the StandardWebhooks package),
/// a POST through the <see cref="HttpClientName"/> client (10 s timeout, no redirects, no proxy, and the receiver's
/// addresses checked when it connects), and what came back.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, TimeProvider clock)
{
    public const string HttpClientName = "webhooks";
    public const int ExcerptChars = 512;

    private static readonly string UserAgent = "coc-incident/" + (typeof(WebhookSender).Assembly.GetName().Version?.ToString(3) ?? "0");

    public sealed record Answer(int? Status, long DurationMs, string? Excerpt, string? Error)
    {
        public bool Succeeded => Status is >= 200 and < 300;
    }

    public static string Signatures(IReadOnlyList<string> secrets, string eventId, DateTimeOffset timestamp, string body) =>
        string.Join(' ', secrets.Select(s => new StandardWebhook(s).Sign(eventId, timestamp, body)));

    public async Task<Answer> SendAsync(ClaimedDelivery d, string body, CancellationToken ct)
    {
        var timestamp = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, d.Url)
        {
            Content = new StringContent(body, new UTF8Encoding(false), "application/json"),
        };
        request.Headers.TryAddWithoutValidation("webhook-id", d.EventId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", Signatures(d.Secrets, d.EventId, timestamp, body));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var excerpt = await ExcerptAsync(response, ct);
            return new Answer((int)response.StatusCode, watch.ElapsedMilliseconds, excerpt, null);
        }
        catch (TimeoutRejectedException)
        {
            return new Answer(null, watch.ElapsedMilliseconds, null, $"no answer within {WebhookOptions.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e) when (!ct.IsCancellationRequested)
        {
            return new Answer(null, watch.ElapsedMilliseconds, null, Describe(e));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Answer(null, watch.ElapsedMilliseconds, null, "the request was cancelled before an answer");
        }
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is RefusedTargetException refused ? refused.Message
        : e.InnerException is SocketException s ? $"could not connect: {s.SocketErrorCode}"
        : e.HttpRequestError != HttpRequestError.Unknown ? $"request failed: {e.HttpRequestError}"
        : "request failed";

    /// <summary>The first characters of the answer, for the delivery log (the body is not read further).</summary>
    private static async Task<string?> ExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[ExcerptChars * 4];
            var read = 0;
            while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0) read += n;
            if (read == 0) return null;
            var text = new UTF8Encoding(false, false).GetString(buffer, 0, read);
            return text.Length > ExcerptChars ? text[..ExcerptChars] : text;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return null;
        }
    }

    /// <summary>The client's connection step: resolves the receiver's name itself and connects only to an address that
    /// is allowed, so a name that resolves (or re-resolves) to an internal address is refused at delivery time too.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> GuardedConnect(bool allowPrivate) => async (context, ct) =>
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = allowPrivate ? addresses : addresses.Where(a => !WebhookTargets.IsInternal(a)).ToArray();
        if (allowed.Length == 0)
            throw new RefusedTargetException(addresses.Length == 0 ? $"{host} does not resolve"
                : $"{host} resolves to a loopback, private or link-local address ({addresses[0]}); refused unless Coc:Webhooks:AllowPrivateTargets=true");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };

    public sealed class RefusedTargetException(string message) : IOException(message);
}
