using System.Text.Json.Serialization;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Server.Auth;
using Coc.Server.Features.Iam;
using Coc.Server.Hosting;
using Microsoft.AspNetCore.Authentication;

namespace Coc.Server.Features.Console;

/// <summary>
/// <c>/v1/console/session</c>: the console's sign-in as an HttpOnly cookie (docs/decisions.md, "Console sessions"). POST signs
/// in with the token endpoint's body and rules (throttle included) and sets the cookie; GET tells the page who is signed in,
/// until when, and the CSRF value its unsafe requests must send; DELETE revokes the session and clears the cookie.
/// Secure mode only: the emulator needs no sign-in.
/// </summary>
public static class ConsoleSessionEndpoints
{
    public const string Path = "/v1/console/session";

    public static IEndpointRouteBuilder MapConsoleSession(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).WithTags("Console");
        group.MapPost("", SignIn).AllowAnonymous().WithName("ConsoleSignIn")
            .WithSummary("Sign in (the token endpoint's body): sets the HttpOnly session cookie");
        group.MapGet("", Current).AllowAnonymous().WithName("ConsoleSession")
            .WithSummary("The cookie's session: user, expiry, the CSRF value for unsafe requests");
        group.MapDelete("", SignOut).AllowAnonymous().WithName("ConsoleSignOut")
            .WithSummary("Sign out: revokes the session's token and clears the cookie");
        return app;
    }

    private static async Task<IResult> SignIn(HttpContext http, PasswordSignIn signIn, IAuthStore store, ServerOptions options, TimeProvider clock)
    {
        if (options.Emulator) throw CocErrors.Invalid("the emulator needs no console session: call the API without credentials");
        if (ConsoleSessionCookie.CrossSiteRefusal(http.Request) is { } crossSite) throw CocErrors.Forbidden(crossSite);
        var (signedIn, refusal) = await signIn.SignInAsync(http);
        if (refusal is not null) return refusal;
        // Signing in again (the expiry warning's "stay signed in") replaces the old session rather than leaving it valid.
        if (ConsoleSessionCookie.Read(http.Request) is { } previous)
            await store.RevokeTokensAsync(Secrets.HashToken(previous), null, http.RequestAborted);
        ConsoleSessionCookie.Write(http, signedIn!.Token);
        var info = Describe(options, clock, signedIn.Token, signedIn.Issued, signedIn.Account.Name, signedIn.Account.PersonId);
        return TypedResults.Json(info, ConsoleSessionJsonContext.Default.ConsoleSessionInfo, statusCode: 201);
    }

    private static async Task<IResult> Current(HttpContext http, ServerOptions options, TimeProvider clock)
    {
        // Only the cookie makes a console session: a request signed or carrying X-Auth-Token has none to describe.
        if (http.Features.Get<ConsoleSession>() is not { } session || http.User.Identity?.IsAuthenticated != true)
        {
            var failure = (await http.AuthenticateAsync()).Failure as AuthProblemException;
            var problem = failure?.Problem ?? AuthProblem.Unauthorized("no console session");
            return new ProblemResult(problem);
        }
        if (CallerClaims.RefusalOf(http.User) is { } refused) throw CocErrors.Forbidden(refused);
        var caller = Caller.Of(http);
        var user = caller.Principal.StartsWith("user:", StringComparison.Ordinal) ? caller.Principal["user:".Length..] : caller.Principal;
        return TypedResults.Json(Describe(options, clock, session.Token, session.Issued, user, caller.Person),
            ConsoleSessionJsonContext.Default.ConsoleSessionInfo);
    }

    private static async Task<IResult> SignOut(HttpContext http, IAuthStore store)
    {
        if (http.Features.Get<ConsoleSession>() is { } session)
        {
            // A live session is ended only by its own page (the CSRF rules), so another site cannot sign the user out.
            if (CallerClaims.RefusalOf(http.User) is { } refused) throw CocErrors.Forbidden(refused);
            await store.RevokeTokensAsync(session.Issued.TokenHash, null, http.RequestAborted);
        }
        ConsoleSessionCookie.Clear(http);
        return Results.NoContent();
    }

    private static ConsoleSessionInfo Describe(
        ServerOptions options, TimeProvider clock, string token, IssuedToken issued, string user, string? person) => new(
        user, person, issued.ProjectId, issued.IssuedAt, issued.ExpiresAt,
        (long)TimeSpan.FromMinutes(options.ConsoleSessionWarningMinutes).TotalMilliseconds, ConsoleSessionCookie.CsrfTokenOf(token),
        clock.GetUtcNow().ToUnixTimeMilliseconds());
}

/// <summary>A 401 (gateway body) or 403 (envelope) found while authenticating, answered as such.</summary>
internal sealed class ProblemResult(AuthProblem problem) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => AuthResponses.WriteAsync(httpContext, problem);
}

public sealed record ConsoleSessionInfo(
    [property: JsonPropertyName("user")] string User,
    [property: JsonPropertyName("person")] string? Person,
    [property: JsonPropertyName("project")] string Project,
    [property: JsonPropertyName("issued_at")] long IssuedAt,
    [property: JsonPropertyName("expires_at")] long ExpiresAt,
    [property: JsonPropertyName("warn_before_ms")] long WarnBeforeMs,
    [property: JsonPropertyName("csrf_token")] string CsrfToken,
    [property: JsonPropertyName("now")] long Now);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ConsoleSessionInfo))]
internal sealed partial class ConsoleSessionJsonContext : JsonSerializerContext;
