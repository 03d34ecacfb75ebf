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
        return services;
    }
}
