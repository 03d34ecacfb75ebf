using System.Reflection;
using Coc.Core.Storage;
using Coc.Core.Storage.Control;
using Coc.Server.Features.Webhooks;
using Coc.Server.Hosting;
using Coc.Server.Storage;
using Coc.Server.Wire;

namespace Coc.Server.Features.ControlPlane;

/// <summary><c>GET /_coc/info</c> and <c>GET /_coc/health</c>.</summary>
public static class InfoEndpoints
{
    public static readonly string Version =
        typeof(InfoEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(InfoEndpoints).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static RouteGroupBuilder MapInfo(this RouteGroupBuilder group)
    {
        group.MapGet("/info", Info).WithName("ControlInfo").WithSummary("Version, mode, engine, uptime, clock offset and counts");
        group.MapGet("/health", Health).WithName("ControlHealth").WithSummary("Storage, webhook dispatcher and ticket cache: each ok or a reason");
        return group;
    }

    private static async Task<IResult> Info(StateControl state, ServerOptions options, ServiceStart start, TimeProvider clock, CancellationToken ct)
    {
        var counts = await state.CountAsync(ct);
        var wall = ServiceClock.WallClockOf(clock);
        return WireResults.Ok(new InfoData
        {
            Version = Version,
            Mode = options.Emulator ? "emulator" : "secure",
            Engine = options.UsesPostgres ? "postgres" : "sqlite",
            StartedAt = start.StartedAt.ToUnixTimeMilliseconds(),
            UptimeMs = (long)(wall - start.StartedAt).TotalMilliseconds,
            ClockOffsetMs = (clock as ServiceClock)?.OffsetMs ?? 0,
            Projects = counts.Projects,
            Tickets = counts.Tickets,
            Alarms = counts.Alarms,
        }, ControlPlaneJsonContext.Default.EnvelopeInfoData);
    }

    private static async Task<IResult> Health(
        Database database, StorageState storage, ServerOptions options, IEnumerable<IHostedService> hosted, CancellationToken ct)
    {
        string storageHealth;
        try
        {
            var r = await database.ReadinessAsync(ct);
            storageHealth = !storage.Migrated ? "starting: not migrated yet"
                : r.Ready ? "ok" : !r.DatabaseReachable ? "unreachable" : "storage full: writes are refused";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            storageHealth = "unreachable: " + e.Message;
        }
        var dispatcher = hosted.OfType<WebhookDispatcher>().FirstOrDefault() is not { } d ? "off: Coc:Webhooks:Dispatch is false"
            : d.ExecuteTask is { IsCompleted: true } ? "stopped" : "ok";
        var cache = options.UsesTicketCache ? "ok"
            : options.UsesPostgres ? "off: not used on PostgreSQL" : "off: Coc:TicketCache is 0";
        return WireResults.Ok(new ControlHealthData(storageHealth, dispatcher, cache), ControlPlaneJsonContext.Default.EnvelopeControlHealthData);
    }
}

/// <summary>When this process started serving (wall clock).</summary>
public sealed record ServiceStart(DateTimeOffset StartedAt);
