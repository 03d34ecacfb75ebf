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
        var refused = CallerClaims.RefusalOf(context.User) is not null;
        var held = context.User.FindAll(CallerClaims.Permission).Select(c => c.Value);
        if (!refused && Permissions.Grants(held, requirement.Action)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>Writes refusals in the COC shapes: 401 with the authentication problem, 403 with the refusal or naming the missing action.</summary>
public sealed class CocAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        // A challenge goes to the authentication handler, which holds the request's authentication result.
        if (result.Forbidden)
            return AuthResponses.WriteAsync(http, AuthProblem.Forbidden(CallerClaims.RefusalOf(http.User)
                ?? $"the caller is not permitted to perform {MissingAction(result) ?? "this action"}"));
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
                .RequireAssertion(c => CallerClaims.RefusalOf(c.User) is null));
        });
        return services;
    }

    /// <summary>Any authenticated caller (the IAM look-ups).</summary>
    public const string Authenticated = "authenticated";

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string action) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(action);
}
