using Coc.Core.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Coc.Server.Auth;

/// <summary>One policy per IAM action: the caller holds a permission that grants it.</summary>
public sealed record PermissionRequirement(string Action) : IAuthorizationRequirement;

public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        // The authorization middleware passes the request as the resource.
        var refused = context.Resource is HttpContext http && AuthProblem.Of(http) is { Status: 403 };
        var held = context.User.FindAll(CallerClaims.Permission).Select(c => c.Value);
        if (!refused && Permissions.Grants(held, requirement.Action)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>Writes refusals in the COC shapes: 401 with the authentication problem, 403 naming the missing action.</summary>
public sealed class CocAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged)
            return AuthResponses.WriteAsync(http, AuthProblem.Of(http) ?? AuthProblem.Unauthorized("x-auth-token not found"));
        if (result.Forbidden)
        {
            var problem = AuthProblem.Of(http) is { Status: 403 } refusal ? refusal : AuthProblem.Forbidden(
                $"the caller is not permitted to perform {MissingAction(result) ?? "this action"}");
            return AuthResponses.WriteAsync(http, problem);
        }
        return _default.HandleAsync(next, http, policy, result);
    }

    private static string? MissingAction(PolicyAuthorizationResult result) =>
        result.AuthorizationFailure?.FailedRequirements.OfType<PermissionRequirement>().FirstOrDefault()?.Action;
}

public static class PermissionPolicies
{
    public static IServiceCollection AddCocAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, CocAuthorizationResultHandler>();
        services.AddAuthorization(o =>
        {
            foreach (var action in Permissions.Actions)
                o.AddPolicy(action, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(action)));
            o.AddPolicy(Authenticated, p => p.RequireAuthenticatedUser()
                .RequireAssertion(c => c.Resource is not HttpContext http || AuthProblem.Of(http) is not { Status: 403 }));
        });
        return services;
    }

    /// <summary>Any authenticated caller (the IAM look-ups).</summary>
    public const string Authenticated = "authenticated";

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string action) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(action);
}
