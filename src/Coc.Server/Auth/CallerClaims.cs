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

    /// <summary>A refusal found while authenticating (e.g. a token asked for another project): the caller is known,
    /// and every authorization of the request fails with this message (403).</summary>
    public const string Refusal = "coc:refusal";

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

    public static void AddRefusal(ClaimsPrincipal principal, string message) =>
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(Refusal, message));

    public static string? RefusalOf(ClaimsPrincipal principal) => principal.FindFirst(Refusal)?.Value;
}

/// <summary>An authentication failure (401) or a refusal found while authenticating (403), as the response tells it.</summary>
public sealed record AuthProblem(int Status, string Message, string? CanonicalRequest = null, string? StringToSign = null)
{
    public const string Prefix = "Incorrect IAM authentication information: ";

    public static AuthProblem Unauthorized(string detail) => new(401, Prefix + detail);
    public static AuthProblem Forbidden(string message) => new(403, message);
}

/// <summary>The failure of an authentication result (<see cref="Microsoft.AspNetCore.Authentication.AuthenticateResult.Failure"/>): the 401 to answer.</summary>
public sealed class AuthProblemException(AuthProblem problem) : Exception(problem.Message)
{
    public AuthProblem Problem { get; } = problem;
}
