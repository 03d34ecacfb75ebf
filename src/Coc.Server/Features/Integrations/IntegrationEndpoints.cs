using Coc.Core.Alarms;
using Coc.Core.Auth;
using Coc.Server.Auth;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.Integrations;

/// <summary>Integrations of the caller's project, for administrators (<c>coc:admin</c>), in the COC envelope.</summary>
public static class IntegrationEndpoints
{
    private const string Base = "/v1/admin/integrations";

    public static IEndpointRouteBuilder MapIntegrations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Integrations").RequirePermission(Permissions.Admin);
        group.MapPost(Base, Create).WithName("CreateIntegration").WithSummary("Create an integration (its key is shown once)");
        group.MapGet(Base, List).WithName("ListIntegrations").WithSummary("The project's integrations");
        group.MapGet(Base + "/{id}", Show).WithName("ShowIntegration").WithSummary("One integration");
        group.MapPut(Base + "/{id}", Update).WithName("UpdateIntegration").WithSummary("Rename, or set the transfer rule");
        group.MapPost(Base + "/{id}/disable", (HttpContext http, IntegrationService s) => SetEnabled(http, s, false))
            .WithName("DisableIntegration").WithSummary("Refuse its key (401) until enabled again");
        group.MapPost(Base + "/{id}/enable", (HttpContext http, IntegrationService s) => SetEnabled(http, s, true))
            .WithName("EnableIntegration").WithSummary("Accept its key again");
        group.MapPost(Base + "/{id}/rotate-key", RotateKey).WithName("RotateIntegrationKey").WithSummary("A new key; the old one dies at once");
        return app;
    }

    private static string Id(HttpContext http) => http.Request.RouteValues["id"] as string ?? "";

    private static IResult One(IntegrationData data) => WireResults.Ok(data, IntegrationJsonContext.Default.EnvelopeIntegrationData);

    private static async Task<IResult> Create(HttpContext http, IntegrationService integrations)
    {
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        return One(IntegrationData.Of(await integrations.CreateAsync(Caller.Of(http).Project, body.RootElement, http.RequestAborted)));
    }

    private static async Task<IResult> List(HttpContext http, IntegrationService integrations)
    {
        var all = await integrations.ListAsync(Caller.Of(http).Project, http.RequestAborted);
        return WireResults.Ok(new IntegrationListData(all.Count, [.. all.Select(IntegrationData.Of)]), IntegrationJsonContext.Default.EnvelopeIntegrationListData);
    }

    private static async Task<IResult> Show(HttpContext http, IntegrationService integrations) =>
        One(IntegrationData.Of(await integrations.GetAsync(Caller.Of(http).Project, Id(http), http.RequestAborted)));

    private static async Task<IResult> Update(HttpContext http, IntegrationService integrations)
    {
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        return One(IntegrationData.Of(await integrations.UpdateAsync(Caller.Of(http).Project, Id(http), body.RootElement, http.RequestAborted)));
    }

    private static async Task<IResult> SetEnabled(HttpContext http, IntegrationService integrations, bool enabled) =>
        One(IntegrationData.Of(await integrations.SetEnabledAsync(Caller.Of(http).Project, Id(http), enabled, http.RequestAborted)));

    private static async Task<IResult> RotateKey(HttpContext http, IntegrationService integrations) =>
        One(IntegrationData.Of(await integrations.RotateKeyAsync(Caller.Of(http).Project, Id(http), http.RequestAborted)));
}
