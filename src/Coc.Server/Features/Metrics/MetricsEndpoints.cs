using Coc.Core.Auth;
using Coc.Core.Tickets;
using Coc.Server.Auth;
using Coc.Server.Hosting;

namespace Coc.Server.Features.Metrics;

public static class MetricsEndpoints
{
    /// <summary><c>GET /metrics</c> (outbound.md, Metrics). Map it before <c>MapUnknownMethods</c>: other methods on the path
    /// are then an unknown API, as on every other path. Not in the OpenAPI document: it is Prometheus text, not an operation of the API.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app, MetricsOptions options)
    {
        if (!options.Enabled) return app;
        app.ServiceProvider.GetRequiredService<OpenIncidentsGauge>(); // its callback is registered when it is made
        var scrape = app.MapPrometheusScrapingEndpoint("/metrics")
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .ExcludeFromDescription();
        if (options.RequireAuth) scrape.RequirePermission(Permissions.Admin);
        return app;
    }
}
