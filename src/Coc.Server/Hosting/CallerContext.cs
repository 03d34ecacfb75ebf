using Coc.Server.Auth;

namespace Coc.Server.Hosting;

/// <summary>Who is calling and in which project, as authentication established it (auth.md).</summary>
public sealed record Caller(string Principal, string Domain, string Project)
{
    public static Caller Of(HttpContext http)
    {
        var user = http.User;
        var project = user.FindFirst(CallerClaims.Project)?.Value;
        if (string.IsNullOrEmpty(project))
            throw new InvalidOperationException("the endpoint was reached without an authenticated project");
        return new Caller(user.FindFirst(CallerClaims.Principal)!.Value, user.FindFirst(CallerClaims.Domain)!.Value, project);
    }
}
