using System.Security.Cryptography;
using System.Text;
using Coc.Core.Auth;

namespace Coc.Server.Auth;

/// <summary>The console's session found on a request: the cookie's token and its stored record.</summary>
public sealed record ConsoleSession(string Token, IssuedToken Issued);

/// <summary>
/// The console's session cookie (docs/decisions.md, "Console sessions"): an HttpOnly, SameSite=Strict, Path=/ cookie whose
/// value is an opaque token issued for the console (stored only as its SHA-256, like every X-Auth-Token), and the CSRF
/// rules for requests it authenticates. Over https the cookie is Secure and named with the <c>__Host-</c> prefix, so a
/// sibling host cannot plant or shadow it.
/// </summary>
public static class ConsoleSessionCookie
{
    public const string HttpName = "coc-session";
    public const string HttpsName = "__Host-coc-session";
    public const string CsrfHeader = "X-CSRF-Token";

    public static string NameFor(HttpRequest request) => request.IsHttps ? HttpsName : HttpName;

    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(NameFor(request), out var value) && value.Length > 0 ? value : null;

    public static void Write(HttpContext http, string token) =>
        http.Response.Cookies.Append(NameFor(http.Request), token, Options(http.Request));

    public static void Clear(HttpContext http) => http.Response.Cookies.Delete(NameFor(http.Request), Options(http.Request));

    private static CookieOptions Options(HttpRequest request) => new()
    {
        HttpOnly = true, Secure = request.IsHttps, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true,
        // No Expires: a browser session's cookie (kept across reloads and tabs, gone with the browser); the server
        // enforces the token's own expiry.
    };

    /// <summary>The double-submit value for <paramref name="token"/>: one-way, so knowing it does not reveal the
    /// session, and derived rather than stored, so every tab and every instance agree on it.</summary>
    public static string CsrfTokenOf(string token) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("coc-console-csrf\n" + token)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Whether a cookie-authenticated request comes from a page of another site (Fetch Metadata), where the
    /// cookie is not a credential at all.</summary>
    public static bool FromAnotherSite(HttpRequest request) =>
        request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site";

    public static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>Why a request is refused as coming from another site's page (its <c>Origin</c> is not ours, or Fetch
    /// Metadata says so), or null. Also the sign-in's rule: a page elsewhere must not sign the browser in (login CSRF).</summary>
    public static string? CrossSiteRefusal(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, request.Scheme + "://" + request.Host.Value, StringComparison.OrdinalIgnoreCase))
            return $"cross-site request refused: Origin {origin} is not this console's";
        return FromAnotherSite(request) ? "cross-site request refused (Sec-Fetch-Site)" : null;
    }

    /// <summary>Why an unsafe request authenticated by the cookie is refused (403), or null when it passes: the page's
    /// origin must be ours and the CSRF header must carry the session's double-submit value.</summary>
    public static string? CsrfRefusal(HttpRequest request, string token)
    {
        if (IsSafe(request.Method)) return null;
        if (CrossSiteRefusal(request) is { } crossSite) return crossSite;
        var sent = request.Headers[CsrfHeader].ToString();
        if (sent.Length == 0) return $"{CsrfHeader} is required with the console session cookie";
        return Secrets.FixedTimeEquals(sent, CsrfTokenOf(token)) ? null : $"{CsrfHeader} does not match the console session";
    }
}
