using Coc.Core.Json;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.ControlPlane;

/// <summary><c>/_coc/snapshots</c>: take, list, restore and delete whole-state snapshots (SQLite; 501 on PostgreSQL).</summary>
public static class SnapshotEndpoints
{
    public static RouteGroupBuilder MapSnapshots(this RouteGroupBuilder group)
    {
        group.MapPost("/snapshots", Create).WithName("ControlCreateSnapshot").WithSummary("A consistent copy of the whole state, taken while serving");
        group.MapGet("/snapshots", List).WithName("ControlListSnapshots").WithSummary("The snapshots beside the database, oldest first");
        group.MapPost("/snapshots/{name}/restore", Restore).WithName("ControlRestoreSnapshot")
            .WithSummary("Replace the running state with a snapshot (409 when its schema is newer than the server's)");
        group.MapDelete("/snapshots/{name}", Delete).WithName("ControlDeleteSnapshot").WithSummary("Delete a snapshot");
        return group;
    }

    private static async Task<IResult> Create(HttpContext http, SnapshotStore snapshots)
    {
        using var body = await RequestBody.ReadOptionalJsonObjectAsync(http.Request, http.RequestAborted);
        var name = new JsonFields(body.RootElement).OptionalString("name", 64);
        return WireResults.Ok(await snapshots.CreateAsync(name, http.RequestAborted), ControlPlaneJsonContext.Default.EnvelopeSnapshotData);
    }

    private static IResult List(SnapshotStore snapshots) =>
        WireResults.Ok(new SnapshotListData(snapshots.List()), ControlPlaneJsonContext.Default.EnvelopeSnapshotListData);

    private static async Task<IResult> Restore(string name, HttpContext http, SnapshotStore snapshots) =>
        WireResults.Ok(await snapshots.RestoreAsync(name, http.RequestAborted), ControlPlaneJsonContext.Default.EnvelopeRestoreData);

    private static IResult Delete(string name, SnapshotStore snapshots)
    {
        snapshots.Delete(name);
        return WireResults.OkNoData();
    }
}
