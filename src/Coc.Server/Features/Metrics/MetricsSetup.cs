using System.Diagnostics.Metrics;
using Coc.Core.Alarms;
using Coc.Core.Storage;
using Coc.Core.Storage.Tickets;
using Coc.Core.Telemetry;
using Coc.Core.Tickets;
using Coc.Server.Features.Webhooks;
using Coc.Server.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Coc.Server.Features.Metrics;

/// <summary>
/// The service's instruments (one class per feature, all on the meter <see cref="CocMeter.Name"/>) and, when metrics
/// are enabled, OpenTelemetry with ASP.NET Core's request metrics and the Prometheus exporter. A new feature's
/// instruments: a class taking the <see cref="Meter"/>, registered here with <see cref="AddInstruments{T}"/>.
/// </summary>
public static class MetricsSetup
{
    public static IServiceCollection AddCocMetrics(this IServiceCollection services, MetricsOptions options)
    {
        services.AddInstruments(meter => new TicketMetrics(meter));
        services.AddInstruments(meter => new StorageMetrics(meter));
        services.AddInstruments(meter => new TicketCacheMetrics(meter));
        services.AddInstruments(meter => new AlarmMetrics(meter));
        services.AddInstruments(meter => new WebhookMetrics(meter));
        services.AddSingleton(sp => new OpenIncidentsGauge(MeterOf(sp), new OpenTicketCounts(sp.GetRequiredService<Database>()),
            sp.GetRequiredService<TicketMetrics>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<OpenIncidentsGauge>()));
        if (!options.Enabled) return services;

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("coc-incident"))
            .WithMetrics(m => m
                .AddMeter(CocMeter.Name)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0)); // a scrape sees every write before it
        return services;
    }

    /// <summary>Registers a feature's instruments, made once on the service's meter.</summary>
    public static IServiceCollection AddInstruments<T>(this IServiceCollection services, Func<Meter, T> create) where T : class =>
        services.AddSingleton(sp => create(MeterOf(sp)));

    /// <summary>The meter, from the host's <see cref="IMeterFactory"/>: one per container (so per test server), the same
    /// instance for every feature.</summary>
    private static Meter MeterOf(IServiceProvider sp) => sp.GetRequiredService<IMeterFactory>().Create(CocMeter.Name);
}
