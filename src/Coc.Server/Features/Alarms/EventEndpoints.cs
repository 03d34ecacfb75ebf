using Coc.Core.Alarms;
using Coc.Core.Json;
using Coc.Server.Auth;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.Alarms;

/// <summary>
/// Event ingestion (alarms.md): the integration key in the path is the credential, so the authentication handler
/// leaves these paths alone. Checks in the spec's order: body over 4 MiB 413, key 401, JSON and shape 400, apply; 200
/// after the commit.
/// </summary>
public static class EventEndpoints
{
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Events").AllowAnonymous().WithMetadata(IntegrationKeyAuthenticated.Instance);
        group.MapPost(IntegrationKeys.PrometheusPrefix + "{integration_key}",
                (HttpContext http, IntegrationService integrations, AlarmService alarms) => IngestAsync(http, IntegrationTypes.Prometheus, integrations, alarms))
            .WithName("CreateReportPrometheusEvent").WithSummary("Alertmanager webhook (version 4) on an integration key");
        group.MapPost(IntegrationKeys.CustomPrefix + "{integration_key}",
                (HttpContext http, IntegrationService integrations, AlarmService alarms) => IngestAsync(http, IntegrationTypes.Custom, integrations, alarms))
            .WithName("CreateReportCustomEvent").WithSummary("A custom event on an integration key");
        return app;
    }

    private static async Task<IResult> IngestAsync(HttpContext http, string type, IntegrationService integrations, AlarmService alarms)
    {
        try
        {
            return await ApplyAsync(http, type, integrations, alarms);
        }
        catch (Coc.Core.Errors.CocException e) when (e.HttpStatus is >= 400 and < 500)
        {
            alarms.Metrics?.Received(type, AlarmMetrics.Rejected);
            throw;
        }
    }

    private static async Task<IResult> ApplyAsync(HttpContext http, string type, IntegrationService integrations, AlarmService alarms)
    {
        var ct = http.RequestAborted;
        var bytes = await RequestBody.ReadAsync(http.Request, MaxBodyBytes, ct);
        var key = http.Request.RouteValues["integration_key"] as string;
        for (var attempt = 1; ; attempt++)
        {
            // The integration may come from the cache; the write checks it against its row. When it changed, the
            // delivery is read again with the integration as stored now (its rule decides importance and more).
            var integration = await integrations.FindForIngestAsync(key, type, fresh: attempt > 1, ct);
            if (bytes.Length == 0) throw Coc.Core.Errors.CocErrors.Invalid("request body is required");
            using var body = JsonBody.ParseObject(bytes);
            var rule = integration?.Rule ?? TransferRule.Manual;
            IReadOnlyList<AlarmEvent> events = type == IntegrationTypes.Prometheus
                ? PrometheusPayload.Parse(body.RootElement, rule)
                : [CustomEventPayload.Parse(body.RootElement, rule)];
            // Emulator mode: an unknown well-formed key gets its integration now that the payload is known to be valid.
            integration ??= await integrations.CreateForUnknownKeyAsync(key!, type, ProjectHeader(http) ?? Tenancy.DefaultProject, ct);
            try
            {
                await alarms.IngestAsync(integration, events, ct);
                return WireResults.OkNoData();
            }
            catch (IntegrationChangedException) when (attempt < MaxAttempts)
            {
            }
            catch (IntegrationChangedException)
            {
                throw Coc.Core.Errors.CocErrors.IntegrationKeyRefused(); // changing under every attempt: refused, nothing applied
            }
        }
    }

    private const int MaxAttempts = 3;

    private static string? ProjectHeader(HttpContext http) =>
        http.Request.Headers.TryGetValue("X-Project-Id", out var v) && v.ToString() is { Length: > 0 and <= 255 } p ? p : null;
}
