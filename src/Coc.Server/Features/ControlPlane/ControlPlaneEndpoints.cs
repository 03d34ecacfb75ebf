using Coc.Server.Hosting;

namespace Coc.Server.Features.ControlPlane;

/// <summary>The <c>/_coc/…</c> control plane for tests and emulation (control.md).</summary>
public static class ControlPlaneEndpoints
{
    public const string Prefix = "/_coc";

    public static IEndpointRouteBuilder MapControlPlane(this IEndpointRouteBuilder app, ServerOptions options)
    {
        var group = app.MapGroup(Prefix).RequireControlPlaneAccess(options).WithTags("Control plane");
        group.MapInfo();
        group.MapReset();
        group.MapSnapshots();
        group.MapExportImport();
        group.MapFaults(options);
        group.MapClock(options);
        return app;
    }
}
