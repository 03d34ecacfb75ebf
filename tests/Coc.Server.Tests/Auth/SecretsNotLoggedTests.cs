using System.Net;
using System.Text.Json;
using Coc.Core.Auth;

namespace Coc.Server.Tests.Auth;

/// <summary>
/// auth.md: "Secrets never appear in logs, errors or the history" and the secure first start ("creates one admin key
/// pair and prints where it was written (file with mode 0600), never the secret into logs").
/// </summary>
public sealed class SecretsNotLoggedTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_full_secure_scenario_logs_no_secret_and_the_bootstrap_file_is_0600()
    {
        var logs = new LogSink();
        await using var server = new AuthServer(suiteKeys: false, logs: logs);
        var http = server.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        // First start, no configured keys: the credentials file beside the database.
        var file = Path.Combine(Path.GetDirectoryName(server.DataPath)!, "admin-credentials.json");
        Assert.True(File.Exists(file), "no admin-credentials.json beside the database");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        using var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var admin = new TestKey(credentials.RootElement.Str("access_key"), credentials.RootElement.Str("secret_key"));
        var adminUser = credentials.RootElement.Str("user");
        var adminPassword = credentials.RootElement.Str("password");
        var secrets = new List<(string What, string Value)> { ("bootstrap SK", admin.SecretKey), ("bootstrap password", adminPassword) };

        // Signed requests with the bootstrap key.
        var api = server.Api(admin, project: null);
        var number = await api.CreateAsync();
        Wire.AssertOk(await api.DetailsAsync(number));
        await api.DoAsync(number, People.Alice, "acceptedIncident1");
        Wire.AssertOk(await api.HistoriesAsync(Bodies.Histories(number)));

        // A bad signature, and an unknown key.
        var wrongSecret = "wrong-secret-" + Guid.NewGuid().ToString("N");
        secrets.Add(("a wrong SK", wrongSecret));
        AuthAssert.Unauthorized(await server.Api(admin with { SecretKey = wrongSecret }, project: null).ListAsync());
        var strangerSecret = "stranger-secret-" + Guid.NewGuid().ToString("N");
        secrets.Add(("an unknown key's SK", strangerSecret));
        AuthAssert.Unauthorized(await server.Api(new TestKey("STRANGERAK000000001", strangerSecret), project: null).ListAsync());

        // A temporary credential (key with a security token) kept in the database, used right and wrong.
        var temporary = new TestKey("LOGTEMPAK0000000001", "log-temp-secret-" + Guid.NewGuid().ToString("N"));
        var securityToken = "sts-" + Guid.NewGuid().ToString("N");
        secrets.Add(("temporary SK", temporary.SecretKey));
        secrets.Add(("security token", securityToken));
        await server.AuthStore.SaveAccessKeyAsync(new AccessKey(temporary.AccessKey, temporary.SecretKey, "default", null, [Permissions.All], securityToken));
        foreach (var (token, ok) in new[] { (securityToken, true), (securityToken + "-wrong", false) })
        {
            var client = server.Client(temporary);
            client.DefaultRequestHeaders.Add("X-Security-Token", token);
            var r = await CocApi.WithoutProjectHeader(client).ListAsync();
            if (ok) Wire.AssertOk(r);
            else AuthAssert.Unauthorized(r);
        }

        // Tokens: the bootstrap user's, and a user created through the store; a wrong password; use and revoke.
        var userPassword = "user-password-" + Guid.NewGuid().ToString("N");
        var wrongPassword = "wrong-password-" + Guid.NewGuid().ToString("N");
        secrets.Add(("user password", userPassword));
        secrets.Add(("a wrong password", wrongPassword));
        await server.AuthStore.SaveUserAsync(new User(Secrets.NewId(), "log-user", "default", TestPasswords.Hash(userPassword), [Permissions.AllTicket]));
        var adminToken = await IssueAsync(http, adminUser, adminPassword, HttpStatusCode.Created);
        var userToken = await IssueAsync(http, "log-user", userPassword, HttpStatusCode.Created);
        await IssueAsync(http, "log-user", wrongPassword, HttpStatusCode.Unauthorized);
        secrets.Add(("admin token", adminToken!));
        secrets.Add(("user token", userToken!));
        Wire.AssertOk(await WithToken(server, adminToken!).ListAsync());
        Wire.AssertOk(await WithToken(server, userToken!).DetailsAsync(number));
        using (var revoke = new HttpRequestMessage(HttpMethod.Delete, "/v3/auth/tokens"))
        {
            revoke.Headers.Add("X-Auth-Token", userToken);
            revoke.Headers.Add("X-Subject-Token", userToken);
            Assert.True((await http.SendAsync(revoke)).IsSuccessStatusCode, "revoking the token failed");
        }
        AuthAssert.Unauthorized(await WithToken(server, userToken!).ListAsync());
        AuthAssert.Unauthorized(await WithToken(server, "MII" + Guid.NewGuid().ToString("N")).ListAsync());

        await server.DisposeAsync(); // stopping logs too
        var text = logs.Text;

        Assert.True(logs.Count > 10, $"the sink caught almost nothing ({logs.Count} lines): is logging wired?\n{text}");
        Assert.Contains(file, text, StringComparison.Ordinal); // the path is told, …
        foreach (var (what, value) in secrets)
            Assert.False(text.Contains(value, StringComparison.Ordinal), $"the {what} appears in the log:\n{Around(text, value)}");
        Assert.DoesNotContain(Secrets.HashToken(userToken!), text, StringComparison.Ordinal);
    }

    private static async Task<string?> IssueAsync(HttpClient http, string user, string password, HttpStatusCode expected)
    {
        using var content = CocApi.Raw(TokenServer.TokenRequest(user, password, project: null).ToJsonString(), "application/json");
        using var response = await http.PostAsync("/v3/auth/tokens", content);
        Assert.True(response.StatusCode == expected, $"token for {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.TryGetValues("X-Subject-Token", out var values) ? values.Single() : null;
    }

    private static CocApi WithToken(AuthServer server, string token)
    {
        var http = server.Client(null);
        http.DefaultRequestHeaders.Add("X-Auth-Token", token);
        return CocApi.WithoutProjectHeader(http);
    }

    private static string Around(string text, string value)
    {
        var at = text.IndexOf(value, StringComparison.Ordinal);
        var start = Math.Max(0, at - 300);
        return text[start..Math.Min(text.Length, at + value.Length + 300)];
    }
}
