using System.Text.Encodings.Web;
using Coc.Core.Auth;
using Coc.Core.Auth.Signing;
using Coc.Server.Hosting;
using Coc.Server.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Coc.Server.Auth;

/// <summary>Endpoint metadata: the request is authenticated by the integration key in its path (alarms.md), not here.</summary>
public sealed class IntegrationKeyAuthenticated
{
    public static readonly IntegrationKeyAuthenticated Instance = new();
}

/// <summary>
/// Authenticates a request by <c>X-Auth-Token</c> or by an <c>SDK-HMAC-SHA256</c> signature (auth.md), else (secure mode)
/// by the console's session cookie (<see cref="ConsoleSessionCookie"/>).
/// Emulator mode: a request without credentials, or signed with an AK the service does not know, is
/// accepted (the header is still parsed and the date window still applies); a known AK is verified fully.
/// </summary>
public sealed class CocAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder,
    ServerOptions options, Tenancy tenancy, IAuthStore store, AccessKeyLockout lockout, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // The integration key in the path is the credential there: whatever signature the SDK adds is not checked.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<IntegrationKeyAuthenticated>() is not null) return AuthenticateResult.NoResult();
        var headers = Request.Headers;
        AuthProblem? problem;
        System.Security.Claims.ClaimsPrincipal? principal;
        if (headers.TryGetValue("X-Auth-Token", out var token) && token.ToString().Length > 0)
            (principal, problem) = await FromTokenAsync(token.ToString());
        else if (headers.Authorization.ToString().Length > 0)
            (principal, problem) = await FromSignatureAsync(headers.Authorization.ToString());
        else if (!options.Emulator && ConsoleSessionCookie.Read(Request) is { } session)
            (principal, problem) = await FromConsoleSessionAsync(session);
        else if (options.Emulator)
            (principal, problem) = await AnonymousAsync();
        else
            (principal, problem) = (null, AuthProblem.Unauthorized("x-auth-token not found"));

        if (problem is { Status: 401 }) return AuthenticateResult.Fail(new AuthProblemException(problem));
        // A 403 found while authenticating still needs an identity for the authorization step to refuse.
        if (problem is not null) CallerClaims.AddRefusal(principal!, problem.Message);
        return AuthenticateResult.Success(new AuthenticationTicket(principal!, CallerClaims.Scheme));
    }

    private async Task<(System.Security.Claims.ClaimsPrincipal?, AuthProblem?)> AnonymousAsync()
    {
        var (domain, project, refusal) = await tenancy.ResolveProjectAsync("anonymous", Tenancy.DefaultDomain, null,
            Header("X-Project-Id"), Header("X-Domain-Id"), Context.RequestAborted);
        return (CallerClaims.Create(CallerClaims.Anonymous, domain, project ?? Tenancy.DefaultProject, [Permissions.All], null),
            refusal is null ? null : AuthProblem.Forbidden(refusal));
    }

    /// <summary>The console's cookie, only when no explicit credential came (those win): the token it holds, plus the
    /// CSRF rules for unsafe methods; from another site's page it is no credential at all.</summary>
    private async Task<(System.Security.Claims.ClaimsPrincipal?, AuthProblem?)> FromConsoleSessionAsync(string token)
    {
        if (ConsoleSessionCookie.FromAnotherSite(Request) && ConsoleSessionCookie.IsSafe(Request.Method))
            return (null, AuthProblem.Unauthorized("x-auth-token not found"));
        var (principal, problem) = await FromTokenAsync(token);
        if (principal is null || _issued is null) return (principal, problem);
        Context.Features.Set(new ConsoleSession(token, _issued));
        return (principal, problem ?? (ConsoleSessionCookie.CsrfRefusal(Request, token) is { } refusal ? AuthProblem.Forbidden(refusal) : null));
    }

    private IssuedToken? _issued;

    private async Task<(System.Security.Claims.ClaimsPrincipal?, AuthProblem?)> FromTokenAsync(string token)
    {
        var issued = _issued = await store.FindTokenAsync(Secrets.HashToken(token), Context.RequestAborted);
        if (issued is null || issued.Revoked) return (null, AuthProblem.Unauthorized("x-auth-token invalid"));
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (now >= issued.ExpiresAt)
            return (null, AuthProblem.Unauthorized(
                $"token expires, expires_at: {DateTimeOffset.FromUnixTimeMilliseconds(issued.ExpiresAt):yyyy-MM-ddTHH:mm:ss.fffZ}"));
        var user = await store.FindUserByIdAsync(issued.UserId, Context.RequestAborted);
        if (user is null) return (null, AuthProblem.Unauthorized("x-auth-token invalid"));
        var principal = CallerClaims.Create(CallerClaims.OfUser(user.Name), user.DomainId, issued.ProjectId, user.Permissions, null, user.PersonId);
        var asked = Header("X-Project-Id");
        return (principal, asked is not null && asked != issued.ProjectId
            ? AuthProblem.Forbidden($"the token is scoped to project {issued.ProjectId}, not {asked}")
            : null);
    }

    private async Task<(System.Security.Claims.ClaimsPrincipal?, AuthProblem?)> FromSignatureAsync(string authorization)
    {
        if (!AuthorizationHeader.TryParse(authorization, out var header, out var parseError))
            return (null, AuthProblem.Unauthorized($"verify aksk signature fail: {parseError}"));
        var ak = header.AccessKey;
        var key = await tenancy.FindKeyAsync(ak, Context.RequestAborted);
        var enforceLockout = !options.Emulator;
        if (key is null && !options.Emulator) return (null, AuthProblem.Unauthorized("verify aksk signature fail: unknown access key"));

        var request = await SignatureRequestAsync();
        // Signatures are dated by the caller's clock: the window is the wall clock's, whatever /_coc/clock did to "now".
        var now = Coc.Server.Features.ControlPlane.ServiceClock.WallClockOf(clock);
        if (key is null)
        {
            // Emulator mode, unknown AK: parsed, date window checked, signature not verified.
            if (!SdkDate.TryParse(Header(SdkSigning.DateHeader), out var date))
                return (null, AuthProblem.Unauthorized($"verify aksk signature fail: {SdkSigning.DateHeader} must be yyyyMMddTHHmmssZ"));
            if ((now - date).Duration() > SdkSigning.MaxClockSkew)
                return (null, new AuthProblem(401, SigningMessages.SignatureExpired));
            return await PrincipalForKeyAsync(ak, Tenancy.DefaultDomain, null, [Permissions.All], null);
        }

        var result = SignatureVerifier.Verify(request, _ => key.Secret, now);
        var tokenRefused = result.Succeeded && key.SecurityToken is not null
            && !(result.IsSigned("X-Security-Token") && Secrets.FixedTimeEquals(Header("X-Security-Token") ?? "", key.SecurityToken));
        if (result.Succeeded && !tokenRefused && UnsignedPayload.Refusal(Context, request) is { } unsignedRefusal)
            result = result with { Status = SignatureStatus.PayloadHashMismatch, Reason = unsignedRefusal };
        var client = Context.Connection.RemoteIpAddress;
        if (!result.Succeeded || tokenRefused)
        {
            // A locked pair learns nothing more from its failures: no reason, no canonical request.
            if (enforceLockout && lockout.IsLocked(ak, client))
                return (null, AuthProblem.Unauthorized("AK access failed to reach the limit,forbidden"));
            if (enforceLockout) lockout.RecordFailure(ak, client);
            var message = tokenRefused ? AuthProblem.Prefix + "security token invalid" : result.Status switch
            {
                SignatureStatus.Expired => SigningMessages.SignatureExpired,
                SignatureStatus.SignatureMismatch => SigningMessages.SignatureMismatch,
                _ => $"{AuthProblem.Prefix}verify aksk signature fail: {result.Reason}",
            };
            var diagnose = (tokenRefused || result.Status == SignatureStatus.SignatureMismatch) && (options.Emulator || options.SignatureDiagnostics);
            return (null, new AuthProblem(401, message,
                diagnose ? MaskCredentials(result.CanonicalRequest) : null, diagnose ? result.StringToSign : null));
        }
        if (enforceLockout) lockout.RecordSuccess(ak, client);
        return await PrincipalForKeyAsync(ak, key.DomainId, key.ProjectId, key.Permissions, key.PersonId);
    }

    private async Task<(System.Security.Claims.ClaimsPrincipal?, AuthProblem?)> PrincipalForKeyAsync(
        string ak, string domainId, string? boundProject, IReadOnlyList<string> permissions, string? person)
    {
        var (domain, project, refusal) = await tenancy.ResolveProjectAsync(
            ak, domainId, boundProject, Header("X-Project-Id"), Header("X-Domain-Id"), Context.RequestAborted);
        var principal = CallerClaims.Create(CallerClaims.OfAccessKey(ak), domain, project ?? "", permissions, ak, person);
        return (principal, refusal is null ? null : AuthProblem.Forbidden(refusal));
    }

    /// <summary>The request as signed: raw target, headers, and the body (buffered so the endpoint can read it again).</summary>
    private async Task<SignatureRequest> SignatureRequestAsync()
    {
        var raw = Context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target
            ? target : Request.PathBase.ToUriComponent() + Request.Path.ToUriComponent() + Request.QueryString.ToUriComponent();
        var headers = Request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()));
        ReadOnlyMemory<byte> body = default;
        // Read even when X-Sdk-Content-Sha256 is declared: the declared hash must be the body's (PayloadHash.Refusal).
        if (Request.ContentLength > 0 || Request.Headers.TransferEncoding.Count > 0)
        {
            Request.EnableBuffering(RequestBody.MaxBytes);
            using var buffer = new MemoryStream();
            await Request.Body.CopyToAsync(buffer, Context.RequestAborted);
            Request.Body.Position = 0;
            body = buffer.ToArray();
        }
        return SignatureRequest.FromTarget(Request.Method, raw, headers, body);
    }

    /// <summary>The canonical request shows every signed header's value; a security token is a credential.</summary>
    private static string? MaskCredentials(string? canonicalRequest) => canonicalRequest is null ? null
        : string.Join('\n', canonicalRequest.Split('\n').Select(line =>
            line.StartsWith("x-security-token:", StringComparison.Ordinal) ? "x-security-token:****" : line));

    private string? Header(string name) =>
        Request.Headers.TryGetValue(name, out var v) && v.ToString().Length > 0 ? v.ToString() : null;

    /// <summary>The 401 of this request's authentication result (computed once per request and kept by the base class).</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await AuthResponses.WriteAsync(Context,
            (result.Failure as AuthProblemException)?.Problem ?? AuthProblem.Unauthorized("x-auth-token not found"));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthResponses.WriteAsync(Context, AuthProblem.Forbidden(CallerClaims.RefusalOf(Context.User) ?? "the caller is not permitted to perform this action"));
}
