using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Storage.Control;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.ControlPlane;

/// <summary><c>POST /_coc/reset</c>: everything, or one project; the ticket cache and other held state go with it.</summary>
public static class ResetEndpoints
{
    public const int MaxProjectId = 64;

    public static RouteGroupBuilder MapReset(this RouteGroupBuilder group)
    {
        group.MapPost("/reset", Reset).WithName("ControlReset")
            .WithSummary("Delete tickets, histories, attachments, alarms, integrations, webhooks, events and idempotency keys (all, or of project_id)");
        return group;
    }

    private static async Task<IResult> Reset(HttpContext http, StateControl state, StateCaches caches)
    {
        using var body = await RequestBody.ReadOptionalJsonObjectAsync(http.Request, http.RequestAborted);
        var f = new JsonFields(body.RootElement);
        var project = f.OptionalString("project_id", MaxProjectId);
        if (project is { Length: 0 }) throw CocErrors.Invalid("project_id must not be empty");
        var credentials = f.OptionalBoolean("credentials") ?? false;
        if (credentials && project is not null) throw CocErrors.Invalid("credentials can only be reset with everything (without project_id)");
        try
        {
            await state.ResetAsync(project, credentials, http.RequestAborted);
        }
        finally
        {
            caches.DropAll();
        }
        return WireResults.Ok(new ResetData(project, credentials), ControlPlaneJsonContext.Default.EnvelopeResetData);
    }
}
