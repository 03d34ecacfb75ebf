using System.Net;
using System.Text.Json;

namespace Coc.Server.Tests.Auth;

/// <summary>auth.md step 7 (X-Security-Token, X-Domain-Id) and fixture rows 19–21 (global credentials, temporary token).</summary>
public sealed class SecurityTokenAndDomainTests
{
    private const string Token = "st-secret-token-0123456789+/=";
    private static readonly TestKey Temporary = new("TEMPORARYAK00000001", "temporary-secret-0123456789abcdefghij");
    private static readonly TestKey DomainKey = new("DOMAINGLOBALAK00001", "domain-global-secret-0123456789abcdefg");

    /// <summary>Rows 19–21 were signed at 20:17:18 UTC on 2026-11-22; a clock half a minute later accepts them.</summary>
    private static readonly DateTimeOffset RowsSignedAt = new(2026, 11, 22, 20, 17, 48, TimeSpan.Zero);

    private const string FixtureDomain = "d0m41n1d";
    private const string FixtureDomainProject = "d0m41n1d-default-project";
    private const string FixtureToken = "TOKEN/abc+def==";

    private static CocApi WithSecurityToken(AuthServer server, TestKey key, string? token, bool signIt = true)
    {
        var http = server.Client(key, signSecurityToken: signIt);
        if (token is not null) http.DefaultRequestHeaders.TryAddWithoutValidation("X-Security-Token", token);
        return new CocApi(http, "default");
    }

    [Fact]
    public async Task A_temporary_credential_needs_its_security_token_signed()
    {
        await using var server = new AuthServer(settings: AuthServer.KeySettings(3, Temporary, securityToken: Token));

        var without = await WithSecurityToken(server, Temporary, null).ListAsync();
        var wrong = await WithSecurityToken(server, Temporary, Token + "x").ListAsync();
        var unsigned = await WithSecurityToken(server, Temporary, Token, signIt: false).ListAsync();
        var right = await WithSecurityToken(server, Temporary, Token).ListAsync();

        AuthAssert.Unauthorized(without);
        AuthAssert.Unauthorized(wrong);
        AuthAssert.Unauthorized(unsigned);
        Wire.AssertOk(right);
        foreach (var r in new[] { without, wrong, unsigned, right })
            Assert.DoesNotContain(Token, r.Text, StringComparison.Ordinal);
        // A key without a security token does not need one.
        Wire.AssertOk(await WithSecurityToken(server, TestKey.Suite, null).ListAsync());
    }

    [Fact]
    public async Task Signature_diagnostics_mask_the_callers_security_token()
    {
        var settings = AuthServer.KeySettings(3, Temporary, securityToken: Token)
            .Append(KeyValuePair.Create("Coc:SignatureDiagnostics", "true"));
        await using var server = new AuthServer(settings: settings);
        var forged = new TestKey(Temporary.AccessKey, "not-the-temporary-secret");

        var refused = await WithSecurityToken(server, forged, Token).ListAsync();

        AuthAssert.Unauthorized(refused);
        var canonical = refused.Json.Str("canonical_request");
        Assert.Contains("x-security-token:****", canonical, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, refused.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task X_Domain_Id_with_a_global_key_acts_in_the_domain_s_default_project()
    {
        await using var server = new AuthServer(settings: AuthServer.KeySettings(3, DomainKey, domain: "dx-domain"));
        await server.CreateDomainAsync("dx-domain", "dx-default-project");
        await server.SeedTriggeredTicketAsync("dx-default-project", "IM202401010000000000000777");
        var http = server.Client(DomainKey);
        http.DefaultRequestHeaders.Add("X-Domain-Id", "dx-domain");
        var byDomain = CocApi.WithoutProjectHeader(http);

        var seeded = await byDomain.TicketAsync("IM202401010000000000000777");
        var number = await byDomain.CreateAsync(Bodies.Create("via X-Domain-Id"));

        Wire.AssertString(seeded, "status", Statuses.Triggered);
        Wire.AssertOk(await server.Api(DomainKey, "dx-default-project").DetailsAsync(number));
        // Nowhere else: not in the key's no-header project of another domain, not in "default".
        Wire.AssertError(await server.Api(TestKey.Suite, "default").DetailsAsync(number), HttpStatusCode.BadRequest, Wire.TicketNotFound);

        // A domain the key does not belong to is 403, either way round.
        var foreign = server.Client(DomainKey);
        foreign.DefaultRequestHeaders.Add("X-Domain-Id", "default");
        Wire.AssertError(await CocApi.WithoutProjectHeader(foreign).ListAsync(), HttpStatusCode.Forbidden, AuthAssert.Forbidden);
        var suite = server.Client(TestKey.Suite);
        suite.DefaultRequestHeaders.Add("X-Domain-Id", "dx-domain");
        Wire.AssertError(await CocApi.WithoutProjectHeader(suite).DetailsAsync(number), HttpStatusCode.Forbidden, AuthAssert.Forbidden);
        // A global key naming a project of another domain is 403 too.
        Wire.AssertError(await server.Api(DomainKey, "default").ListAsync(), HttpStatusCode.Forbidden, AuthAssert.Forbidden);
    }

    private static IEnumerable<KeyValuePair<string, string>> FixtureKey(string securityToken) =>
        // Index 1 is the suite's own entry for the fixture key: same AK/SK, now global in d0m41n1d with a token.
        AuthServer.KeySettings(1, TestKey.Fixture, "coc:*", domain: FixtureDomain, securityToken: securityToken);

    [Fact]
    public async Task Rows_19_to_21_replay_byte_for_byte_in_emulator_mode()
    {
        await using var server = new AuthServer(emulator: true, settings: FixtureKey(FixtureToken), clockStart: RowsSignedAt);
        await server.CreateDomainAsync(FixtureDomain, FixtureDomainProject);
        await server.SeedTriggeredTicketAsync(FixtureDomainProject);
        using var http = server.Client(null);

        var details = await FixtureRows.SendAsync(http, SdkRequests.Row(19));
        var accept = await FixtureRows.SendAsync(http, SdkRequests.Row(20));
        var list = await FixtureRows.SendAsync(http, SdkRequests.Row(21));
        var again = await FixtureRows.SendAsync(http, SdkRequests.Row(19));

        Wire.AssertOk(details);
        Wire.AssertString(details.Data, "incident_num", StoreSeeding.SeedNumber);
        Wire.AssertString(details.Data, "status", Statuses.Triggered);
        Wire.AssertOk(accept);
        Assert.Equal(JsonValueKind.Null, accept.Data.ValueKind);
        Wire.AssertInvalid(list, "offset"); // authenticated; offset=0 is out of range, as documented
        Wire.AssertString(again.Data, "status", Statuses.Acknowledged);
    }

    [Fact]
    public async Task Row_19_is_refused_when_its_security_token_is_not_the_issued_one_or_was_altered()
    {
        await using var server = new AuthServer(emulator: true, settings: FixtureKey("TOKEN/some-other-token=="), clockStart: RowsSignedAt);
        await server.CreateDomainAsync(FixtureDomain, FixtureDomainProject);
        await server.SeedTriggeredTicketAsync(FixtureDomainProject);
        using var http = server.Client(null);
        var row = SdkRequests.Row(19);
        var altered = row with
        {
            Headers = [.. row.Headers.Select(h => h.Key == "X-Security-Token" ? KeyValuePair.Create(h.Key, "TOKEN/some-other-token==") : h)],
        };

        var asSigned = await FixtureRows.SendAsync(http, row);
        var tampered = await FixtureRows.SendAsync(http, altered);

        AuthAssert.Unauthorized(asSigned);
        AuthAssert.Unauthorized(tampered);
        Assert.DoesNotContain("seeded example ticket", asSigned.Text, StringComparison.Ordinal);
    }
}

/// <summary>Sends a fixture row as the SDK sent it (Host included), over a real socket.</summary>
public static class FixtureRows
{
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase) { "Content-Length", "Connection" };

    public static async Task<WireResponse> SendAsync(HttpClient http, SdkRequest row)
    {
        var raw = new Uri(http.BaseAddress!.GetLeftPart(UriPartial.Authority) + row.Target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), raw);
        if (row.Body.Length > 0 || row.Header("Content-Type") is not null) request.Content = new ByteArrayContent(row.Body);
        foreach (var (name, value) in row.Headers)
        {
            if (TransportHeaders.Contains(name)) continue;
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) request.Headers.Host = value;
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) request.Content!.Headers.TryAddWithoutValidation(name, value);
            else Assert.True(request.Headers.TryAddWithoutValidation(name, value), $"row {row.Id}: could not send {name}");
        }
        using var response = await http.SendAsync(request);
        return await WireResponse.ReadAsync(response);
    }
}
