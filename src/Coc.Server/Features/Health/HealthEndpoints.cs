using Coc.Core.Storage;
using Coc.Server.Storage;
using Coc.Server.Wire;

namespace Coc.Server.Features.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => WireResults.Json(new HealthData("up", "not checked"), HealthJsonContext.Default.HealthData))
            .WithTags("Health").WithSummary("The process is up");
        app.MapGet("/readyz", Ready).WithTags("Health")
            .WithSummary("The database is reachable and migrated, and writes succeed (503 while the storage is full)");
        return app;
    }

    private static async Task<IResult> Ready(Database database, StorageState state, CancellationToken ct)
    {
        StorageReadiness? readiness = null;
        try
        {
            if (state.Migrated) readiness = await database.ReadinessAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            state.LastError = e.Message;
        }
        var ready = readiness?.Ready == true;
        var detail = ready ? "ok"
            : readiness is { DatabaseReachable: true, WritesOk: false } ? "storage full: writes are refused"
            : state.LastError ?? "starting";
        var data = new ReadinessData(
            ready ? "ready" : "not ready", detail,
            readiness?.DatabaseReachable == true ? "reachable" : state.Migrated ? "unreachable" : "starting",
            readiness is null ? "unknown" : readiness.WritesOk ? "ok" : "full");
        return WireResults.Json(data, HealthJsonContext.Default.ReadinessData, ready ? 200 : 503);
    }
}
