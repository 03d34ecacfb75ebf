using Coc.Core.Auth;
using Coc.Server.Auth;

namespace Coc.Server.Auth;

/// <summary>Who is calling and in which project, as authentication established it (auth.md).</summary>
/// <param name="Principal">As the history records it: <c>user:NAME</c>, <c>ak:AK</c> or <c>anonymous</c>.</param>
/// <param name="Person">The directory person the credential is bound to, if any.</param>
public sealed record Caller(string Principal, string Domain, string Project, string? Person, IReadOnlyList<string> HeldPermissions)
{
    public static Caller Of(HttpContext http)
    {
        var user = http.User;
        var project = user.FindFirst(CallerClaims.Project)?.Value;
        if (string.IsNullOrEmpty(project))
            throw new InvalidOperationException("the endpoint was reached without an authenticated project");
        return new Caller(user.FindFirst(CallerClaims.Principal)!.Value, user.FindFirst(CallerClaims.Domain)!.Value, project,
            user.FindFirst(CallerClaims.Person)?.Value, [.. user.FindAll(CallerClaims.Permission).Select(c => c.Value)]);
    }

    /// <summary>Who an operation that names no operator acts as: the bound person, else the credential itself
    /// (<c>ak:AK</c> → <c>AK</c>).</summary>
    public string PersonOrCredential => Person ?? (Principal.IndexOf(':') is var colon and >= 0 ? Principal[(colon + 1)..] : Principal);

    /// <summary>Whether this caller may name any person as the acting one: bound to nobody, or holding
    /// <c>coc:ticket:actForOthers</c>.</summary>
    public bool MayActForOthers => Person is null || Permissions.Grants(HeldPermissions, Permissions.TicketActForOthers);

    /// <summary>
    /// auth.md, People behind credentials: a caller bound to a person acts as that person; naming someone else in an
    /// acting-person field (<paramref name="field"/>) needs <c>coc:ticket:actForOthers</c>. Emulator mode binds nobody.
    /// </summary>
    public void EnsureMayActAs(string field, string? person)
    {
        if (MayActForOthers || person is null || person == Person)
            return;
        throw Coc.Core.Errors.CocErrors.Forbidden(
            $"{Principal} acts as person {Person}; naming {person} in {field} needs {Permissions.TicketActForOthers}");
    }
}
