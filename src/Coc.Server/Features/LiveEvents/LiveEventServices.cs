using Coc.Core.Storage;
using Coc.Core.Storage.Outbox;

namespace Coc.Server.Features.LiveEvents;

public static class LiveEventServices
{
    /// <summary>The events table as a feed, the instance's reader of it for the streams, and the pruning of old events.</summary>
    public static IServiceCollection AddLiveEvents(this IServiceCollection services)
    {
        services.AddSingleton(sp => new SqlEventLog(sp.GetRequiredService<Database>()));
        services.AddSingleton<EventFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<EventFeed>());
        services.AddHostedService<EventPruner>();
        return services;
    }
}
