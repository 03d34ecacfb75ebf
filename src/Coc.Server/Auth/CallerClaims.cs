using System.Security.Claims;

namespace Coc.Server.Auth;

/// <summary>The claims an authenticated request carries.</summary>
public static class CallerClaims
{
    public const string Scheme = "coc";
    public const string Principal = "coc:principal";
    public const string Project = "coc:project";
    public const string Domain = "coc:domain";
    public const string Permission = "coc:permission";
    public const string AccessKey = "coc:ak";
    public const string Person = "coc:person";

    public const string Anonymous = "anonymous";
    public static string OfUser(string name) => "user:" + name;
    public static string OfAccessKey(string ak) => "ak:" + ak;

    /// <param name="principal">As recorded in the history: <see cref="OfUser"/>, <see cref="OfAccessKey"/> or <see cref="Anonymous"/>.</param>
    /// <param name="person">The directory person the credential acts as, if it is bound to one.</param>
    public static ClaimsPrincipal Create(
        string principal, string domain, string project, IEnumerable<string> permissions, string? accessKey, string? person = null)
    {
        var claims = new List<Claim> { new(Principal, principal), new(Domain, domain), new(Project, project) };
        claims.AddRange(permissions.Select(p => new Claim(Permission, p)));
        if (accessKey is not null) claims.Add(new Claim(AccessKey, accessKey));
        if (person is not null) claims.Add(new Claim(Person, person));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, Principal, null));
    }
}

/// <summary>An authentication failure (401) or a refusal found while authenticating (403), kept for the response.</summary>
public sealed record AuthProblem(int Status, string Message, string? CanonicalRequest = null, string? StringToSign = null)
{
    private const string ItemKey = "coc.auth-problem";
    public const string Prefix = "Incorrect IAM authentication information: ";

    public static AuthProblem? Of(HttpContext http) => http.Items.TryGetValue(ItemKey, out var p) ? p as AuthProblem : null;
    public void Attach(HttpContext http) => http.Items[ItemKey] = this;

    public static AuthProblem Unauthorized(string detail) => new(401, Prefix + detail);
    public static AuthProblem Forbidden(string message) => new(403, message);
}
