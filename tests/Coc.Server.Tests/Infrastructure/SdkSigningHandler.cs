using Coc.Core.Auth.Signing;

namespace Coc.Server.Tests;

/// <summary>An access key pair the test servers are configured with.</summary>
public sealed record TestKey(string AccessKey, string SecretKey)
{
    /// <summary>The suite's own key: global in domain "default", every permission.</summary>
    public static readonly TestKey Suite = new("HTTPSUITEAK00000001", "http-suite-secret-key-0123456789abcdef");

    /// <summary>The key the fixture rows were signed with (shared/fixtures/README.md).</summary>
    public static readonly TestKey Fixture = new("TESTAK1234567890", "TESTSKabcdefghijklmnopqrstuvwxyz");

    /// <summary>A key that may only read tickets (coc:ticket:get, coc:ticket:list).</summary>
    public static readonly TestKey ReadOnly = new("HTTPSUITEREADONLY01", "http-suite-read-only-secret-0123456789");

    /// <summary>The server settings that configure the suite's keys.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings()
    {
        var keys = new[] { (Suite, "coc:*"), (Fixture, "coc:*"), (ReadOnly, "coc:ticket:get,coc:ticket:list") };
        for (var i = 0; i < keys.Length; i++)
        {
            var (key, permissions) = keys[i];
            yield return KeyValuePair.Create($"Coc:AccessKeys:{i}:AccessKey", key.AccessKey);
            yield return KeyValuePair.Create($"Coc:AccessKeys:{i}:SecretKey", key.SecretKey);
            yield return KeyValuePair.Create($"Coc:AccessKeys:{i}:Domain", "default");
            yield return KeyValuePair.Create($"Coc:AccessKeys:{i}:Permissions", permissions);
        }
    }
}

/// <summary>
/// Signs every request as the official SDK does (SDK-HMAC-SHA256 over Host, X-Sdk-Date, whichever of X-Project-Id,
/// X-Domain-Id and X-Security-Token the request carries — the last unless <paramref name="signSecurityToken"/> is
/// false — and the exact body bytes), unless it already carries an Authorization header. Before the first request in
/// a project, <paramref name="ensureProject"/> may create that project (secure mode knows only configured projects).
/// </summary>
public sealed class SdkSigningHandler(
    TestKey key, Func<DateTimeOffset> clock, Func<string, Task>? ensureProject = null, bool signSecurityToken = true) : DelegatingHandler
{
    private static readonly string[] Tenancy = ["X-Project-Id", "X-Domain-Id", "X-Security-Token"];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.Headers.Contains(SdkSigning.AuthorizationHeader)) return await base.SendAsync(request, ct);

        var project = request.Headers.TryGetValues("X-Project-Id", out var values) ? values.First() : null;
        if (project is not null && ensureProject is not null) await ensureProject(project);

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(ct);
        var target = request.RequestUri ?? throw new InvalidOperationException("no request URI");
        var uri = target.IsAbsoluteUri ? target : new Uri(new Uri("http://placeholder"), target);
        var date = clock();
        request.Headers.Host ??= uri.Authority;
        request.Headers.TryAddWithoutValidation(SdkSigning.DateHeader, SdkDate.ToHeaderValue(date));

        var headers = new List<KeyValuePair<string, string>>
        {
            new("Host", request.Headers.Host),
            new(SdkSigning.DateHeader, SdkDate.ToHeaderValue(date)),
        };
        foreach (var name in Tenancy)
        {
            if (name == "X-Security-Token" && !signSecurityToken) continue;
            if (request.Headers.TryGetValues(name, out var present)) headers.Add(new(name, present.First()));
        }
        var signed = SignatureRequest.FromTarget(request.Method.Method, uri.PathAndQuery, headers, body);
        request.Headers.TryAddWithoutValidation(SdkSigning.AuthorizationHeader,
            Signer.Sign(signed, key.AccessKey, key.SecretKey, date, headers.Select(h => h.Key)));
        return await base.SendAsync(request, ct);
    }
}
