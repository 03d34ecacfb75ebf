using Coc.Core.Storage;
using Coc.Server.Contracts;
using Coc.Server.Hosting;

namespace Coc.Server.Features.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Json(new HealthData("up", "not checked"), WireJsonContext.Wire.HealthData))
            .WithTags("Health").WithSummary("The process is up");
        app.MapGet("/readyz", Ready).WithTags("Health").WithSummary("The database is reachable and migrated");
        return app;
    }

    private static async Task<IResult> Ready(ITicketStore store, StorageState state, CancellationToken ct)
    {
        var ready = false;
        try
        {
            ready = state.Migrated && await store.IsReadyAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            state.LastError = e.Message;
        }
        return TypedResults.Json(new HealthData(ready ? "ready" : "not ready", ready ? "ok" : state.LastError ?? "starting"),
            WireJsonContext.Wire.HealthData, statusCode: ready ? 200 : 503);
    }
}
