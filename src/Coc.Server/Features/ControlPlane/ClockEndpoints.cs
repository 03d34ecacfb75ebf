using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Storage.Control;
using Coc.Server.Hosting;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.ControlPlane;

/// <summary><c>GET/POST /_coc/clock</c>: read, advance, set or reset the service clock (control.md). It never goes back
/// past the newest time stored (a ticket, history entry, alarm, upload or event), so time keeps its order in the data.</summary>
public static class ClockEndpoints
{
    /// <summary>About 100 years: more is certainly a mistake.</summary>
    public const long MaxAdvanceMs = 100L * 366 * 24 * 3600 * 1000;

    public static RouteGroupBuilder MapClock(this RouteGroupBuilder group, ServerOptions options)
    {
        var clock = group.MapGroup("/clock").RequireEnabledInSecureMode(options, o => o.AllowClock, nameof(ControlPlaneOptions.AllowClock));
        clock.MapGet("", Read).WithName("ControlGetClock").WithSummary("The service clock: now and its offset from the wall clock");
        clock.MapPost("", Move).WithName("ControlSetClock").WithSummary("{advance_ms}, {set: ms} or {reset: true}; never backwards past the newest stored time");
        return group;
    }

    private static IResult Read(TimeProvider clock) => Answer(Service(clock));

    private static async Task<IResult> Move(HttpContext http, TimeProvider provider, StateControl state)
    {
        var clock = Service(provider);
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var f = new JsonFields(body.RootElement);
        var advance = f.OptionalInteger("advance_ms", -MaxAdvanceMs, MaxAdvanceMs);
        var set = f.OptionalTime("set");
        var reset = f.OptionalBoolean("reset") ?? false;
        var given = (advance is null ? 0 : 1) + (set is null ? 0 : 1) + (reset ? 1 : 0);
        if (given != 1) throw CocErrors.Invalid("give exactly one of advance_ms, set or reset: true");
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var target = advance is { } a ? now + a : set ?? clock.WallClockNow.ToUnixTimeMilliseconds();
        if (target < now)
        {
            var newest = await state.NewestStoredTimeAsync(http.RequestAborted);
            if (target < newest)
                throw CocErrors.NotAllowed($"the clock cannot go back to {target}: the newest stored time is {newest} (reset the data first)");
        }
        if (reset) clock.ResetOffset();
        else clock.SetNow(target);
        return Answer(clock);
    }

    private static ServiceClock Service(TimeProvider clock) => clock as ServiceClock
        ?? throw new CocException(409, CocErrors.NotAllowedCode, "this server's clock is fixed by its host and cannot be moved");

    private static IResult Answer(ServiceClock clock) =>
        WireResults.Ok(new ClockData(clock.GetUtcNow().ToUnixTimeMilliseconds(), clock.OffsetMs), ControlPlaneJsonContext.Default.EnvelopeClockData);
}
