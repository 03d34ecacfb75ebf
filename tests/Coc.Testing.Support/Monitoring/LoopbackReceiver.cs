using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coc.Testing.Support.Monitoring;

/// <summary>
/// A small Kestrel server on a free 127.0.0.1 port that keeps every request it gets and answers each with one fixed
/// response: the webhook receiver that a real Alertmanager notifies, or the static target a real Prometheus scrapes.
/// </summary>
public sealed class LoopbackReceiver : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);
    private readonly WebApplication _app;
    private readonly List<ReceivedRequest> _received = [];
    private readonly SemaphoreSlim _arrived = new(0);

    private LoopbackReceiver(WebApplication app) => _app = app;

    /// <summary>The server's root, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every response: this status, content type and body (default 200, empty).</summary>
    public int StatusCode { get; set; } = StatusCodes.Status200OK;
    public string ContentType { get; set; } = "text/plain; charset=utf-8";
    public string ResponseBody { get; set; } = "";

    public IReadOnlyList<ReceivedRequest> Received
    {
        get { lock (_received) return _received.ToList(); }
    }

    public static async Task<LoopbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new LoopbackReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return receiver;
    }

    /// <summary>The URL of <paramref name="path"/> on this server.</summary>
    public Uri UrlOf(string path) => new(BaseAddress, path.TrimStart('/'));

    /// <summary>The first request, from index <paramref name="from"/> on, that <paramref name="match"/> accepts (default: any);
    /// throws, listing what did arrive, after <paramref name="timeout"/> (default 15 s).</summary>
    public async Task<ReceivedRequest> WaitForAsync(int from = 0, Func<ReceivedRequest, bool>? match = null, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultWait;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = Received.Skip(from).FirstOrDefault(request => match?.Invoke(request) ?? true);
            if (found is not null) return found;
            var left = limit - clock.Elapsed;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"no matching request from #{from} within {limit}; received:\n" +
                    string.Join("\n", Received.Select((request, index) => $"#{index} {request.At:O} {request.Method} {request.Path} {request.BodyText}")));
            await _arrived.WaitAsync(left);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var request = context.Request;
        var headers = request.Headers.SelectMany(header => header.Value.Select(value => KeyValuePair.Create(header.Key, value ?? ""))).ToList();
        lock (_received)
            _received.Add(new ReceivedRequest(DateTimeOffset.UtcNow, request.Method, request.Path + request.QueryString, headers, body.ToArray()));
        _arrived.Release();
        context.Response.StatusCode = StatusCode;
        context.Response.ContentType = ContentType;
        await context.Response.WriteAsync(ResponseBody);
    }

    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5))) await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
