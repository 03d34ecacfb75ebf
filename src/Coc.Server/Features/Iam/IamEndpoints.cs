using System.Text.Json;
using System.Text.Json.Serialization;
using Coc.Core.Auth;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Server.Auth;
using Coc.Server.Hosting;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.Iam;

/// <summary>The IAM calls the official SDKs make (auth.md): token issue/revoke, project and domain look-ups.</summary>
public static class IamEndpoints
{
    public const int MaxPasswordLength = 1024;

    public static IEndpointRouteBuilder MapIam(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v3").WithTags("IAM");
        group.MapPost("/auth/tokens", IssueToken).AllowAnonymous()
            .WithSummary("Issue an X-Auth-Token (password method, project scope); the token is in X-Subject-Token");
        group.MapDelete("/auth/tokens", RevokeToken).RequireAuthorization(PermissionPolicies.Authenticated)
            .WithSummary("Revoke the token named in X-Subject-Token");
        group.MapGet("/projects", ListProjects).RequireAuthorization(PermissionPolicies.Authenticated)
            .WithSummary("Projects of the caller's domain, optionally by name (the SDK asks with the region)");
        group.MapGet("/auth/domains", ListDomains).RequireAuthorization(PermissionPolicies.Authenticated)
            .WithSummary("The caller's domain");
        return app;
    }

    private static async Task<IResult> IssueToken(
        HttpContext http, IAuthStore store, Tenancy tenancy, ServerOptions options, TimeProvider clock, PasswordHasher hasher,
        PasswordSignInThrottle throttle)
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
        if (throttle.RetryAfter(signInName, client) is { } wait) return Throttled(wait);
        var account = domain is null ? null : await store.FindUserAsync(domain.Id, name, http.RequestAborted);
        var verified = account is null ? hasher.VerifyDummy(password) : hasher.Verify(password, account.PasswordHash);
        if (!verified)
        {
            throttle.RecordFailure(signInName, client);
            return Refuse("The username or password is wrong.");
        }
        throttle.RecordSuccess(signInName, client);
        if (hasher.NeedsRehash(account!.PasswordHash))
        {
            account = account with { PasswordHash = hasher.Hash(password) };
            await store.SaveUserAsync(account, http.RequestAborted);
        }

        var domainDefault = domain!.DefaultProjectId;
        var projectId = account.ProjectId ?? domainDefault;
        if (OptionalObject(auth, "scope", "auth.scope") is { } scope && OptionalObject(scope, "project", "auth.scope.project") is { } p)
        {
            var pf = new JsonFields(p, "auth.scope.project.");
            var byId = pf.OptionalString("id");
            var byName = pf.OptionalString("name");
            var project = byId is not null ? await store.FindProjectAsync(byId, http.RequestAborted)
                : byName is not null ? (await tenancy.ProjectsAsync(domain.Id, byName, http.RequestAborted)).FirstOrDefault() : null;
            if ((byId ?? byName) is not null && (project is null || project.DomainId != domain.Id))
                return Refuse("the scoped project does not exist in the user's domain");
            projectId = project?.Id ?? projectId;
        }
        // Like Keystone, a scope the user holds no role in is not authenticated (401), whatever the password.
        if (account.ProjectId is not null && account.ProjectId != projectId)
            return Refuse($"the user is not bound to project {projectId}");

        var token = Secrets.NewToken();
        var now = clock.GetUtcNow();
        var expires = now.AddHours(options.TokenLifetimeHours);
        await store.SaveTokenAsync(new IssuedToken(Secrets.HashToken(token), account.Id, projectId,
            now.ToUnixTimeMilliseconds(), expires.ToUnixTimeMilliseconds(), false), http.RequestAborted);
        http.Response.Headers["X-Subject-Token"] = token;
        var info = new TokenInfo(Iso(expires), Iso(now), ["password"], new Ref(projectId, projectId), new Ref(account.Id, account.Name),
            new Ref(domain.Id, domain.Name));
        return TypedResults.Json(new TokenResponse(info), IamJsonContext.Default.TokenResponse, statusCode: 201);
    }

    private static async Task<IResult> RevokeToken(HttpContext http, IAuthStore store)
    {
        var subject = http.Request.Headers["X-Subject-Token"].ToString();
        if (subject.Length == 0) throw CocErrors.Required("X-Subject-Token");
        var issued = await store.FindTokenAsync(Secrets.HashToken(subject), http.RequestAborted);
        var self = http.Request.Headers["X-Auth-Token"].ToString() == subject;
        if (issued is null || !(self || http.User.FindAll(CallerClaims.Permission).Any(c => Permissions.Grants([c.Value], Permissions.Admin))))
            return Refuse("x-subject-token invalid");
        await store.RevokeTokensAsync(issued.TokenHash, null, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> ListProjects(HttpContext http, Tenancy tenancy)
    {
        var name = QueryText.Optional(http.Request.Query, "name");
        var caller = Caller.Of(http);
        var projects = await tenancy.ProjectsAsync(caller.Domain, name, http.RequestAborted);
        var list = projects.Select(p => new ProjectInfo(p.Id, p.Name, p.DomainId, true, false, p.DomainId, "")).ToList();
        return TypedResults.Json(new ProjectsResponse(list), IamJsonContext.Default.ProjectsResponse);
    }

    private static async Task<IResult> ListDomains(HttpContext http, Tenancy tenancy)
    {
        var domain = await tenancy.FindOrCreateDomainAsync(Caller.Of(http).Domain, http.RequestAborted);
        List<DomainInfo> list = domain is null ? [] : [new DomainInfo(domain.Id, domain.Name, true, "")];
        return TypedResults.Json(new DomainsResponse(list), IamJsonContext.Default.DomainsResponse);
    }

    private static IResult Refuse(string detail)
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

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'000Z'", System.Globalization.CultureInfo.InvariantCulture);

    private sealed class DelegateResult(Func<HttpContext, Task> write) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => write(httpContext);
    }
}

public sealed record Ref([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("name")] string Name);

public sealed record TokenInfo(
    [property: JsonPropertyName("expires_at")] string ExpiresAt,
    [property: JsonPropertyName("issued_at")] string IssuedAt,
    [property: JsonPropertyName("methods")] IReadOnlyList<string> Methods,
    [property: JsonPropertyName("project")] Ref Project,
    [property: JsonPropertyName("user")] Ref User,
    [property: JsonPropertyName("domain")] Ref Domain);

public sealed record TokenResponse([property: JsonPropertyName("token")] TokenInfo Token);

public sealed record ProjectInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("domain_id")] string DomainId,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("is_domain")] bool IsDomain,
    [property: JsonPropertyName("parent_id")] string ParentId,
    [property: JsonPropertyName("description")] string Description);

public sealed record ProjectsResponse([property: JsonPropertyName("projects")] IReadOnlyList<ProjectInfo> Projects);

public sealed record DomainInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("description")] string Description);

public sealed record DomainsResponse([property: JsonPropertyName("domains")] IReadOnlyList<DomainInfo> Domains);

[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(ProjectsResponse))]
[JsonSerializable(typeof(DomainsResponse))]
internal sealed partial class IamJsonContext : JsonSerializerContext;
