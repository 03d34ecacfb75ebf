using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Server.Auth;
using Coc.Server.Hosting;

namespace Coc.Server.Features.ControlPlane;

/// <summary>
/// Who may call <c>/_coc/…</c> (control.md): in emulator mode every caller; in secure mode only <c>coc:admin</c>
/// callers (the same permission machinery as the admin API), and fault injection and the clock only when
/// <c>Coc:ControlPlane:AllowFaults</c> / <c>AllowClock</c> is true (else 403).
/// </summary>
public static class ControlPlaneAccess
{
    public static TBuilder RequireControlPlaneAccess<TBuilder>(this TBuilder builder, ServerOptions options) where TBuilder : IEndpointConventionBuilder =>
        options.Emulator ? builder.RequireAuthorization(PermissionPolicies.Authenticated) : builder.RequirePermission(Permissions.Admin);

    /// <summary>In secure mode, refuses with 403 unless <paramref name="allowed"/> (a <c>Coc:ControlPlane</c> setting) is on.</summary>
    public static RouteGroupBuilder RequireEnabledInSecureMode(this RouteGroupBuilder group, ServerOptions options, Func<ControlPlaneOptions, bool> allowed, string setting)
    {
        group.AddEndpointFilter((context, next) => options.Emulator || allowed(options.ControlPlane)
            ? next(context)
            : throw CocErrors.Forbidden($"{setting} is not enabled: in secure mode this part of the control plane is off unless Coc:ControlPlane:{setting}=true"));
        return group;
    }
}
