using System.Text.Json.Nodes;
using Coc.Core.Errors;
using Coc.Server.Auth;
using static Coc.Server.Features.OpenApi.Schemas;

namespace Coc.Server.Features.OpenApi;

public static partial class OpenApiDocumentBuilder
{
    /// <summary><c>/v1/console/session</c>: the console's cookie sign-in (secure mode).</summary>
    private static JsonObject ConsoleSessionPath()
    {
        var cookie = new JsonArray(new JsonObject { ["consoleSession"] = new JsonArray() });
        var setCookie = new JsonObject
        {
            ["Set-Cookie"] = new JsonObject
            {
                ["description"] = $"{ConsoleSessionCookie.HttpName} (over https {ConsoleSessionCookie.HttpsName}): HttpOnly; SameSite=Strict; "
                    + "Path=/; Secure over https; no Expires (the server ends the session at expires_at)",
                ["schema"] = Text(),
            },
        };
        var get = Operation("ConsoleSession", "Console", "The console session of the cookie: user, bound person, project, expiry, "
            + $"and the csrf_token every unsafe request authenticated by the cookie must send as {ConsoleSessionCookie.CsrfHeader}",
            null, null, [], Ok("ConsoleSession", "the session"), Errors.None);
        get["security"] = cookie.DeepClone();
        var delete = Operation("ConsoleSignOut", "Console", "Sign out: revokes the session's token (its CSRF rules apply) and clears the cookie",
            null, null, [], new JsonObject
            {
                ["204"] = new JsonObject { ["description"] = "signed out (also without a session)", ["headers"] = setCookie.DeepClone() },
            }, Errors.Write);
        delete["security"] = cookie.DeepClone();
        return new JsonObject
        {
            ["post"] = Anonymous(Operation("ConsoleSignIn", "Console",
                "Sign in with the token endpoint's body and rules (the same throttle); sets the HttpOnly session cookie, never "
                + "returns the token. 400 in emulator mode (no sign-in needed there); 403 when posted from another site's page "
                + "(Origin or Sec-Fetch-Site)", null, Body("TokenRequest"), [], new JsonObject
                {
                    ["201"] = Response("signed in", Ref("ConsoleSession"), setCookie),
                    ["401"] = Component("Unauthorized", "responses"),
                    ["403"] = Component("Forbidden", "responses"),
                    ["429"] = SignInThrottled(),
                }, Errors.Body | Errors.Write | Errors.Anonymous)),
            ["get"] = get,
            ["delete"] = delete,
        };
    }

    private static JsonObject SignInThrottled() =>
        Response("too many failed sign-ins from this address or for this user (Retry-After in seconds)", new JsonObject
        {
            ["allOf"] = new JsonArray(Ref("GatewayError"), new JsonObject { ["properties"] = new JsonObject { ["error_code"] = Const(CocErrors.ThrottledCode) } }),
        }, new JsonObject { ["Retry-After"] = new JsonObject { ["description"] = "seconds to wait", ["schema"] = Integer(1) } });
}
