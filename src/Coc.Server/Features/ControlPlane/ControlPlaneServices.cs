using Coc.Core.Storage;
using Coc.Core.Storage.Control;

namespace Coc.Server.Features.ControlPlane;

public static class ControlPlaneServices
{
    /// <summary>The service clock (as the app's <see cref="TimeProvider"/>) and the control plane's services.</summary>
    public static IServiceCollection AddControlPlane(this IServiceCollection services)
    {
        services.AddSingleton(new ServiceClock(TimeProvider.System));
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<ServiceClock>());
        services.AddSingleton(new ServiceStart(TimeProvider.System.GetUtcNow()));
        services.AddSingleton(sp => new StateControl(sp.GetRequiredService<Database>()));
        services.AddSingleton<StateCaches>();
        services.AddSingleton(sp => new ProjectTransfer(sp.GetRequiredService<Database>(), sp.GetRequiredService<Coc.Core.Storage.Auth.SecretsAtRest>()));
        services.AddSingleton<SnapshotStore>();
        services.AddSingleton<FaultRegistry>();
        return services;
    }

    /// <summary>Fault injection: after the request id, error handling and size check, before authentication and any endpoint.</summary>
    public static IApplicationBuilder UseControlPlaneFaults(this IApplicationBuilder app) => app.UseMiddleware<FaultInjectionMiddleware>();
}
