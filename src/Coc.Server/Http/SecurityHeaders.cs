namespace Coc.Server.Http;

/// <summary>
/// The headers of hardening item 8 on every response, set before anything runs so that errors, refusals and
/// static files carry them too. The console gets a CSP that allows only its own files (no inline script or
/// style); everything else is data, which no page may load or frame. Nothing but the console's static files
/// may be stored by a cache: the rest is authenticated JSON, tokens and attachments.
/// </summary>
public static class SecurityHeaders
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public const string ConsolePolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Uploaded bytes are the caller's content: opened directly, they run in a sandbox without our origin.</summary>
    public const string DownloadPolicy = "sandbox; " + ApiPolicy;

    private const string ConsolePath = "/console";

    /// <summary>What every response outside the console carries; Kestrel's own refusals (KestrelErrorBodies) too.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> ApiHeaders =
    [
        new("X-Content-Type-Options", "nosniff"),
        new("Referrer-Policy", "no-referrer"),
        new("X-Frame-Options", "DENY"), // frame-ancestors for browsers that predate it
        new("Content-Security-Policy", ApiPolicy),
        new("Cache-Control", "no-store"),
    ];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var headers = http.Response.Headers;
        foreach (var (name, value) in ApiHeaders) headers[name] = value;
        if (http.Request.Path.StartsWithSegments(ConsolePath))
        {
            headers.ContentSecurityPolicy = ConsolePolicy;
            headers.Remove("Cache-Control");
        }
        return next(http);
    });
}
