using System.Net;
using Coc.Core.Auth;
using Coc.Server.Tests.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Coc.Server.Tests.ControlPlane;

/// <summary>Secure mode: the control plane only for coc:admin callers; faults and the clock only when enabled.</summary>
public sealed class SecureModeAccessTests(SecureServer server) : IClassFixture<SecureServer>
{
    [Fact]
    public async Task An_admin_may_read_info_and_reset_but_not_use_faults_or_the_clock_unless_enabled()
    {
        var admin = server.Api();
        Wire.AssertString(await Control.OkAsync(admin.GetAsync("/_coc/info")), "mode", "secure");
        Wire.AssertOk(await Control.PostAsync(admin, "/reset", $$"""{"project_id": "{{admin.Project}}"}"""));

        Wire.AssertError(await Control.PostAsync(admin, "/faults", """{"status": 503}"""), HttpStatusCode.Forbidden, "GOM.00007262", "AllowFaults");
        Wire.AssertError(await admin.GetAsync("/_coc/faults"), HttpStatusCode.Forbidden, "GOM.00007262", "AllowFaults");
        Wire.AssertError(await admin.GetAsync("/_coc/clock"), HttpStatusCode.Forbidden, "GOM.00007262", "AllowClock");
        Wire.AssertError(await Control.PostAsync(admin, "/clock", """{"advance_ms": 1000}"""), HttpStatusCode.Forbidden, "GOM.00007262", "AllowClock");
    }

    [Fact]
    public async Task A_caller_without_coc_admin_is_refused_403_and_an_anonymous_one_401()
    {
        var reader = new CocApi(server.CreateWireClient(TestKey.ReadOnly));
        foreach (var path in new[] { "/_coc/info", "/_coc/health", "/_coc/snapshots", "/_coc/faults", "/_coc/clock" })
            Wire.AssertError(await reader.GetAsync(path), HttpStatusCode.Forbidden, "GOM.00007262", "coc:admin");
        Wire.AssertError(await Control.PostAsync(reader, "/reset"), HttpStatusCode.Forbidden, "GOM.00007262", "coc:admin");

        var anonymous = new CocApi(server.CreateWireClient(signed: false));
        Wire.AssertGateway(await anonymous.GetAsync("/_coc/info"), HttpStatusCode.Unauthorized, "APIGW.0301");
    }
}

/// <summary>Secure mode with Coc:ControlPlane:AllowFaults and AllowClock: an admin may use both, and signed requests
/// keep working after the clock moved (signatures are dated by the wall clock).</summary>
public sealed class SecureModeEnabledTests(SecureControlServer server) : IClassFixture<SecureControlServer>
{
    [Fact]
    public async Task An_admin_may_add_faults_and_move_the_clock_when_enabled()
    {
        var admin = server.Api();
        var rule = await Control.OkAsync(Control.PostAsync(admin, "/faults", """{"path": "/v1/incident-tickets", "status": 503, "count": 1}"""));
        Wire.AssertError(await admin.ListAsync(), HttpStatusCode.ServiceUnavailable, "GOM.00007299");
        Assert.Equal(0, await admin.TotalAsync());
        Wire.AssertError(await admin.GetAsync("/_coc/faults/" + rule.Str("id")), HttpStatusCode.NotFound, Wire.InvalidParameter);

        var moved = await Control.OkAsync(Control.PostAsync(admin, "/clock", """{"advance_ms": 3600000}"""));
        Assert.True(Wire.AssertInteger(moved, "offset_ms") >= 3_599_000);
        await admin.CreateAsync(); // signed with the wall clock: still within the window
        Wire.AssertOk(await Control.PostAsync(admin, "/reset"));
        Wire.AssertOk(await Control.PostAsync(admin, "/clock", """{"reset": true}"""));
    }

    [Fact]
    public async Task Advancing_the_clock_past_a_token_s_lifetime_expires_it()
    {
        var store = server.Services.GetRequiredService<IAuthStore>();
        await server.EnsureProjectAsync("clock-token-project");
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await store.SaveUserAsync(new User(Secrets.NewId(), "clock-user", "default", TestPasswords.Hash(password), [Permissions.All]));
        using var anonymous = server.CreateWireClient(signed: false);
        using var content = CocApi.Raw(TokenServer.TokenRequest("clock-user", password, "clock-token-project").ToJsonString(), "application/json");
        using var issued = await anonymous.PostAsync("/v3/auth/tokens", content);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var token = issued.Headers.GetValues("X-Subject-Token").Single();
        var withToken = new CocApi(anonymous, "clock-token-project");
        var headers = new[] { KeyValuePair.Create("X-Auth-Token", token) };
        Wire.AssertOk(await withToken.SendAsync(HttpMethod.Get, "/v1/incident-tickets", headers: headers));

        var admin = server.Api();
        Wire.AssertOk(await Control.PostAsync(admin, "/clock", """{"advance_ms": 90000000}""")); // 25 h: past the 24 h lifetime
        try
        {
            var refused = await withToken.SendAsync(HttpMethod.Get, "/v1/incident-tickets", headers: headers);
            Wire.AssertGateway(refused, HttpStatusCode.Unauthorized, "APIGW.0301");
            Assert.Contains("token expires", refused.ErrorMsg, StringComparison.Ordinal);
        }
        finally
        {
            Wire.AssertOk(await Control.PostAsync(admin, "/clock", """{"reset": true}"""));
        }
    }
}
