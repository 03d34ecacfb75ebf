using System.Text.Json;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Server.Auth;
using Coc.Server.Hosting;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.Iam;

/// <summary>A token issued by a password sign-in: the token itself (shown once), its stored record and its owner.</summary>
public sealed record SignedIn(string Token, IssuedToken Issued, User Account, Domain Domain);

/// <summary>
/// The password sign-in of <c>POST /v3/auth/tokens</c> (IAM's body), shared by the console's session endpoint so that both
/// pass the same throttle (<see cref="PasswordSignInThrottle"/>), the same dummy-hash timing and the same project rules.
/// </summary>
public sealed class PasswordSignIn(
    IAuthStore store, Tenancy tenancy, ServerOptions options, TimeProvider clock, PasswordHasher hasher, PasswordSignInThrottle throttle)
{
    public const int MaxPasswordLength = 1024;

    /// <summary>Either the issued token or the refusal to answer (400 is thrown as a <see cref="CocException"/>).</summary>
    public async Task<(SignedIn? SignedIn, IResult? Refusal)> SignInAsync(HttpContext http)
    {
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var auth = Object(body.RootElement, "auth");
        var identity = Object(auth, "identity");
        if (!identity.TryGetProperty("methods", out var methods) || methods.ValueKind != JsonValueKind.Array
            || !methods.EnumerateArray().Any(m => m.ValueKind == JsonValueKind.String && m.GetString() == "password"))
            throw CocErrors.Invalid("auth.identity.methods must contain password");
        var userElement = Object(Object(identity, "password"), "user");
        var user = new JsonFields(userElement, "auth.identity.password.user.");
        var name = user.RequiredString("name");
        var password = user.RequiredString("password", MaxPasswordLength);
        var domainName = OptionalObject(userElement, "domain", "auth.identity.password.user.domain") is { } d
            ? new JsonFields(d, "auth.identity.password.user.domain.").OptionalString("name") ?? new JsonFields(d).OptionalString("id")
            : null;

        // Throttled before the user is looked up, so a throttled answer says nothing about whether the user exists;
        // counted under the domain's id, so naming the domain by id or by name counts the same.
        var domain = await store.FindDomainAsync(domainName ?? Tenancy.DefaultDomain, http.RequestAborted);
        var signInName = (domain?.Id ?? domainName ?? Tenancy.DefaultDomain) + "/" + name;
        var client = http.Connection.RemoteIpAddress;
        if (throttle.RetryAfter(signInName, client) is { } wait) return (null, Throttled(wait));
        var account = domain is null ? null : await store.FindUserAsync(domain.Id, name, http.RequestAborted);
        var verified = account is null ? hasher.VerifyDummy(password) : hasher.Verify(password, account.PasswordHash);
        if (!verified)
        {
            throttle.RecordFailure(signInName, client);
            return (null, Refuse("The username or password is wrong."));
        }
        throttle.RecordSuccess(signInName, client);
        if (hasher.NeedsRehash(account!.PasswordHash))
        {
            account = account with { PasswordHash = hasher.Hash(password) };
            await store.SaveUserAsync(account, http.RequestAborted);
        }

        var projectId = account.ProjectId ?? domain!.DefaultProjectId;
        if (OptionalObject(auth, "scope", "auth.scope") is { } scope && OptionalObject(scope, "project", "auth.scope.project") is { } p)
        {
            var pf = new JsonFields(p, "auth.scope.project.");
            var byId = pf.OptionalString("id");
            var byName = pf.OptionalString("name");
            var project = byId is not null ? await store.FindProjectAsync(byId, http.RequestAborted)
                : byName is not null ? (await tenancy.ProjectsAsync(domain!.Id, byName, http.RequestAborted)).FirstOrDefault() : null;
            if ((byId ?? byName) is not null && (project is null || project.DomainId != domain!.Id))
                return (null, Refuse("the scoped project does not exist in the user's domain"));
            projectId = project?.Id ?? projectId;
        }
        // Like Keystone, a scope the user holds no role in is not authenticated (401), whatever the password.
        if (account.ProjectId is not null && account.ProjectId != projectId)
            return (null, Refuse($"the user is not bound to project {projectId}"));

        var token = Secrets.NewToken();
        var now = clock.GetUtcNow();
        var issued = new IssuedToken(Secrets.HashToken(token), account.Id, projectId,
            now.ToUnixTimeMilliseconds(), now.AddHours(options.TokenLifetimeHours).ToUnixTimeMilliseconds(), false);
        await store.SaveTokenAsync(issued, http.RequestAborted);
        return (new SignedIn(token, issued, account, domain!), null);
    }

    public static IResult Refuse(string detail)
    {
        var problem = AuthProblem.Unauthorized(detail);
        return new DelegateResult(h => AuthResponses.WriteAsync(h, problem));
    }

    private static IResult Throttled(TimeSpan wait) => new DelegateResult(h =>
    {
        h.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WireResults.WriteErrorAsync(h, 429, CocErrors.ThrottledCode,
            "The throttling threshold has been reached: too many failed sign-ins, retry later");
    });

    /// <summary>An optional object member: null when absent or null, 400 naming <paramref name="path"/> when not an object.</summary>
    private static JsonElement? OptionalObject(JsonElement parent, string name, string path) =>
        !parent.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null ? null
        : e.ValueKind == JsonValueKind.Object ? e : throw CocErrors.Invalid($"{path} must be an object");

    private static JsonElement Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Object ? e : throw CocErrors.Required(name);

    private sealed class DelegateResult(Func<HttpContext, Task> write) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => write(httpContext);
    }
}
