using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coc.Client.Tests;

/// <summary>What a <see cref="LoopbackServer"/> received: the raw request target, the headers, the body, and when.</summary>
public sealed record ReceivedRequest(string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At);

/// <summary>
/// A tiny Kestrel on 127.0.0.1:0 that records every request as it arrived on the socket and answers with
/// <paramref name="answer"/> (given the request's index, from 0).
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<LoopbackServer> StartAsync(Func<int, HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackServer(app);
        var count = 0;
        app.Run(async http =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            server.Received.Enqueue(new ReceivedRequest(http.Request.Method, http.Features.Get<IHttpRequestFeature>()!.RawTarget, headers,
                body.ToArray(), DateTimeOffset.UtcNow));
            await answer(Interlocked.Increment(ref count) - 1, http);
        });
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return server;
    }

    public static Task WriteEnvelopeAsync(HttpContext http, int status, string code, string? message, string data = "null")
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.Headers["X-Request-Id"] = "req-" + Guid.NewGuid().ToString("N")[..8];
        var msg = message is null ? "null" : System.Text.Json.JsonSerializer.Serialize(message);
        return http.Response.WriteAsync($$"""{"provider_code":"049","error_code":"{{code}}","error_msg":{{msg}},"data":{{data}}}""");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
