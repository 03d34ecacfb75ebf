using Coc.Server.Hosting;
using Polly;

namespace Coc.Server.Features.Webhooks;

public static class WebhookServices
{
    /// <summary>The delivery client (Microsoft.Extensions.Http.Resilience: a 10 s timeout per attempt; the retries are
    /// the outbox's schedule, not the client's), the body renderer, the sender and, unless turned off, the dispatcher.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, ServerOptions options)
    {
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2), // names are resolved (and checked) again now and then
                ConnectCallback = WebhookSender.GuardedConnect(options.AllowsPrivateWebhookTargets),
            })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            // The factory's four log lines per request (at Information) cost more than the delivery itself, and name
            // the receiver's host and path; the delivery log records every attempt instead.
            .RemoveAllLoggers()
            .AddResilienceHandler("webhook-delivery", b => b.AddTimeout(WebhookOptions.Timeout));
        services.AddSingleton<WebhookEventBodies>();
        services.AddSingleton<WebhookSender>();
        if (options.Webhooks.Dispatch) services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
