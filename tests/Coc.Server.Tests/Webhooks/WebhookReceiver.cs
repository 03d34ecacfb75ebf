using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Coc.Server.Tests.Webhooks;

/// <summary>
/// A real receiver: Kestrel on 127.0.0.1, recording every request it gets and checking its signature with the Standard
/// Webhooks reference verifier (the StandardWebhooks package's <see cref="StandardWebhook.Verify"/>) against each of
/// <see cref="Secrets"/>. <see cref="Answer"/> decides the status of each request (default 200).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Received(string WebhookId, string Timestamp, string Signature, string Body, string? ContentType, string? UserAgent,
        IReadOnlyList<string> VerifiedWith, int AnsweredWith)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
        public string Type => Json.Str("type");
        public JsonElement Data => Json.GetProperty("data");
        public int Signatures => Signature.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Why a signature did not verify with a secret, for failure messages.</summary>
    public static ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>The secrets a signature may verify with (set once the subscription is made).</summary>
    public List<string> Secrets { get; } = [];

    public Func<Received, int> Answer { get; set; } = _ => 200;

    private WebhookReceiver(WebApplication app) => _app = app;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook/{**rest}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            List<string> verified;
            lock (receiver.Secrets) verified = receiver.Secrets.Where(s => Verifies(s, body, http.Request.Headers)).ToList();
            var partial = new Received(http.Request.Headers["webhook-id"].ToString(), http.Request.Headers["webhook-timestamp"].ToString(),
                http.Request.Headers["webhook-signature"].ToString(), body, http.Request.ContentType, http.Request.Headers.UserAgent.ToString(), verified, 0);
            var status = receiver.Answer(partial);
            receiver.Requests.Enqueue(partial with { AnsweredWith = status });
            http.Response.StatusCode = status;
            await http.Response.WriteAsync(status == 200 ? "ok" : "no thanks");
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Whether one of the header's signatures verifies with <paramref name="secret"/>. Each signature is given to
    /// the verifier on its own: StandardWebhooks 1.1.2's Verify compares only the first of several space-separated
    /// signatures (its loop takes the whole header for the last one), so a rotation's second signature would never match.</summary>
    private static bool Verifies(string secret, string body, IHeaderDictionary headers)
    {
        foreach (var signature in headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var one = new HeaderDictionary
            {
                ["webhook-id"] = headers["webhook-id"], ["webhook-timestamp"] = headers["webhook-timestamp"], ["webhook-signature"] = signature,
            };
            try
            {
                new StandardWebhook(secret).Verify(body, one);
                return true;
            }
            catch (WebhookVerificationException e)
            {
                Failures.Enqueue(e.Message);
            }
        }
        return false;
    }

    public void Trust(string secret)
    {
        lock (Secrets) Secrets.Add(secret);
    }

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";

    /// <summary>Waits until <paramref name="done"/> holds for what was received (at most <paramref name="seconds"/>).</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<IReadOnlyList<Received>, bool> done, double seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var now = Requests.ToList();
            if (done(now)) return now;
            if (DateTime.UtcNow > until) throw new TimeoutException($"the receiver got {now.Count} requests: {string.Join(", ", now.Select(r => r.Type + "/" + r.AnsweredWith))}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
