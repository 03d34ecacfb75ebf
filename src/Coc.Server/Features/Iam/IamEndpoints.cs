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
    public const int MaxPasswordLength = PasswordSignIn.MaxPasswordLength;

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

    private static async Task<IResult> IssueToken(HttpContext http, PasswordSignIn signIn)
    {
        var (signedIn, refusal) = await signIn.SignInAsync(http);
        if (refusal is not null) return refusal;
        var (token, issued, account, domain) = signedIn!;
        http.Response.Headers["X-Subject-Token"] = token;
        var info = new TokenInfo(Iso(issued.ExpiresAt), Iso(issued.IssuedAt), ["password"], new Ref(issued.ProjectId, issued.ProjectId),
            new Ref(account.Id, account.Name), new Ref(domain.Id, domain.Name));
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

    private static IResult Refuse(string detail) => PasswordSignIn.Refuse(detail);

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'000Z'", System.Globalization.CultureInfo.InvariantCulture);
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
