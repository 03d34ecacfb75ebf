using System.Net;
using Coc.Core.Auth;
using Coc.Server.Tests.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Coc.Server.Tests.Console.ConsoleSessionKit;

namespace Coc.Server.Tests.Console;

/// <summary>
/// The console's cookie session (docs/decisions.md, "Console sessions"): an HttpOnly, SameSite=Strict cookie whose token
/// page scripts never see, CSRF rules on every unsafe method it authenticates, explicit credentials winning over it, the
/// token's expiry on the server's clock, and the password sign-in's throttle.
/// </summary>
public sealed class ConsoleSessionTests
{
    private const string User = "desk-user";
    private readonly string _password = "pw-" + Guid.NewGuid().ToString("N");

    private async Task<AuthServer> ServerAsync(FakeTimeProvider? clock = null, string permissions = "coc:*", string? person = null)
    {
        var server = new AuthServer(clock: clock ?? new FakeTimeProvider(DateTimeOffset.UtcNow), settings: [KeyValuePair.Create("Coc:TokenLifetimeHours", "2")]);
        await AddUserAsync(server, User, _password, permissions, person);
        return server;
    }

    [Fact]
    public async Task Sign_in_sets_an_HttpOnly_SameSite_Strict_Path_root_cookie_and_answers_no_token()
    {
        await using var server = await ServerAsync();
        using var http = Client(server.SocketAddress);
        var (response, message) = await PostSignInAsync(http, User, _password);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var setCookie = Assert.Single(message.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("coc-session=MII", setCookie, StringComparison.Ordinal);
        var attributes = Attributes(setCookie);
        Assert.True(attributes.ContainsKey("httponly"), setCookie);
        Assert.Equal("strict", attributes["samesite"]);
        Assert.Equal("/", attributes["path"]);
        Assert.False(attributes.ContainsKey("secure"), "plain http: a Secure cookie would never come back"); // https: the next test
        Assert.False(attributes.ContainsKey("domain") || attributes.ContainsKey("expires") || attributes.ContainsKey("max-age"), setCookie);
        var token = setCookie.Split(';')[0]["coc-session=".Length..];
        Assert.DoesNotContain(token, response.Text, StringComparison.Ordinal);
        Assert.False(message.Headers.Contains("X-Subject-Token"));
        Assert.Equal(User, response.Json.Str("user"));
        Assert.Equal(server.Now.AddHours(2).ToUnixTimeMilliseconds(), response.Json.GetProperty("expires_at").GetInt64());
        Assert.Equal(5 * 60_000, response.Json.GetProperty("warn_before_ms").GetInt64());
        Assert.NotEqual(token, response.Json.Str("csrf_token"));
    }

    [Fact]
    public async Task Over_https_the_cookie_is_Secure_and_named_with_the_Host_prefix()
    {
        await using var factory = new CocServerFactory(kestrel: false); // TestServer: an https base address makes the request https
        await AddUserAsync(factory.Services.GetRequiredService<IAuthStore>(), User, _password);
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        var (response, message) = await PostSignInAsync(http, User, _password);

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var setCookie = Assert.Single(message.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-coc-session=", setCookie, StringComparison.Ordinal);
        Assert.True(Attributes(setCookie).ContainsKey("secure"), setCookie);
        var cookie = setCookie.Split(';')[0];
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, SessionPath, cookie)).Status);
        // The unprefixed name is not read over https: a sibling host could have planted it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, HttpMethod.Get, SessionPath, "coc-session=" + cookie.Split('=', 2)[1])).Status);
    }

    [Fact]
    public async Task The_cookie_alone_authenticates_reads_and_GET_session_returns_user_expiry_and_the_same_CSRF_value()
    {
        await using var server = await ServerAsync(person: People.Alice);
        using var http = Client(server.SocketAddress);
        var session = await SignInAsync(http, User, _password);

        var current = await SendAsync(http, HttpMethod.Get, SessionPath, session.Cookie);
        Assert.Equal(HttpStatusCode.OK, current.Status);
        Assert.Equal(User, current.Json.Str("user"));
        Assert.Equal(People.Alice, current.Json.Str("person"));
        Assert.Equal(session.Csrf, current.Json.Str("csrf_token"));
        Assert.Equal(session.Info.GetProperty("expires_at").GetInt64(), current.Json.GetProperty("expires_at").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, "/v1/console/reference", session.Cookie)).Status);
        AuthAssert.Unauthorized(await SendAsync(http, HttpMethod.Get, "/v1/console/reference", null), "x-auth-token not found");
        AuthAssert.Unauthorized(await SendAsync(http, HttpMethod.Get, SessionPath, null));
    }

    [Fact]
    public async Task An_unsafe_request_by_cookie_without_the_CSRF_header_with_a_wrong_one_or_from_another_origin_is_403_and_writes_nothing()
    {
        await using var server = await ServerAsync();
        using var http = Client(server.SocketAddress);
        var session = await SignInAsync(http, User, _password);
        var own = server.SocketAddress.GetLeftPart(UriPartial.Authority);
        const string create = "/v1/external/incident/create";

        var refusals = new[]
        {
            (await SendAsync(http, HttpMethod.Post, create, session.Cookie, body: CreateBody()), "X-CSRF-Token is required"),
            (await SendAsync(http, HttpMethod.Post, create, session.Cookie, csrf: session.Csrf + "x", body: CreateBody()), "does not match"),
            (await SendAsync(http, HttpMethod.Post, create, session.Cookie, csrf: session.Token, body: CreateBody()), "does not match"),
            (await SendAsync(http, HttpMethod.Post, create, session.Cookie, csrf: session.Csrf, origin: "https://evil.example", body: CreateBody()), "Origin"),
            (await SendAsync(http, HttpMethod.Post, create, session.Cookie, csrf: session.Csrf, fetchSite: "cross-site", body: CreateBody()), "Sec-Fetch-Site"),
        };
        foreach (var (refused, reason) in refusals)
            Wire.AssertError(refused, HttpStatusCode.Forbidden, AuthAssert.Forbidden, reason);

        var created = await SendAsync(http, HttpMethod.Post, create, session.Cookie, csrf: session.Csrf, origin: own, fetchSite: "same-origin", body: CreateBody());
        Wire.AssertOk(created);
        var list = await SendAsync(http, HttpMethod.Get, "/v1/incident-tickets?limit=100", session.Cookie);
        Wire.AssertOk(list);
        Assert.Equal(1, list.Data.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_sign_in_posted_from_another_site_s_page_is_403_and_sets_no_cookie()
    {
        // Login CSRF: a page elsewhere posting the attacker's credentials would sign the victim's browser in as the attacker.
        await using var server = await ServerAsync();
        using var http = Client(server.SocketAddress);
        var body = () => CocApi.Raw(TokenServer.TokenRequest(User, _password, project: null).ToJsonString(), "text/plain");

        foreach (var (origin, fetchSite, reason) in new[] { ("https://evil.example", (string?)null, "Origin"), (null, "cross-site", "Sec-Fetch-Site") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, SessionPath) { Content = body() };
            if (origin is not null) request.Headers.Add("Origin", origin);
            if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
            using var message = await http.SendAsync(request);
            Assert.False(message.Headers.Contains("Set-Cookie"), $"{reason}: a cookie was set");
            Wire.AssertError(await WireResponse.ReadAsync(message), HttpStatusCode.Forbidden, AuthAssert.Forbidden, reason);
        }

        var (own, _) = await PostSignInAsync(http, User, _password);
        Assert.Equal(HttpStatusCode.Created, own.Status);
    }

    [Fact]
    public async Task A_ticket_written_through_the_cookie_records_the_user_as_principal_in_the_history()
    {
        await using var server = await ServerAsync();
        using var http = Client(server.SocketAddress);
        var session = await SignInAsync(http, User, _password);
        var created = await SendAsync(http, HttpMethod.Post, "/v1/external/incident/create", session.Cookie, csrf: session.Csrf, body: CreateBody());
        Wire.AssertOk(created);
        var number = created.Data.Str("incident_num");

        var history = await SendAsync(http, HttpMethod.Post, "/v1/external/incident/list-histories", session.Cookie, csrf: session.Csrf,
            body: CocApi.Raw(Bodies.Histories(number).ToJsonString()));
        Wire.AssertOk(history);
        var entry = Assert.Single(history.Data.GetProperty("info").EnumerateArray());
        Wire.AssertString(entry, "principal", "user:" + User);
    }

    [Fact]
    public async Task Explicit_credentials_win_over_the_cookie_and_a_bad_one_is_not_rescued_by_it()
    {
        await using var server = await ServerAsync(permissions: "coc:ticket:list");
        using var http = Client(server.SocketAddress);
        var session = await SignInAsync(http, User, _password);

        // A signed request with the cookie beside it: the AK acts (its principal), no CSRF rule applies to it.
        using var signed = server.Client(TestKey.Suite);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/external/incident/create") { Content = CreateBody() };
        request.Headers.Add("Cookie", session.Cookie);
        request.Headers.Add("X-Project-Id", "default");
        var created = await WireResponse.ReadAsync(await signed.SendAsync(request));
        Wire.AssertOk(created);
        var history = await new CocApi(server.Client(TestKey.Suite), "default").HistoryAsync(created.Data.Str("incident_num"));
        Wire.AssertString(history.EnumerateArray().Single(), "principal", "ak:" + TestKey.Suite.AccessKey);

        // A wrong X-Auth-Token with a valid cookie: 401, the cookie is no fallback.
        AuthAssert.Unauthorized(await SendAsync(http, HttpMethod.Get, "/v1/console/reference", session.Cookie,
            headers: [KeyValuePair.Create("X-Auth-Token", "MIInot-a-token")]), "x-auth-token invalid");
        // Another user's token with the cookie: the token's user acts (the cookie's user may only list).
        await AddUserAsync(server, "other-user", _password, "coc:*");
        var other = await SignInAsync(http, "other-user", _password);
        var byToken = await SendAsync(http, HttpMethod.Post, "/v1/external/incident/create", session.Cookie,
            body: CreateBody(), headers: [KeyValuePair.Create("X-Auth-Token", other.Token)]);
        Wire.AssertOk(byToken);
        // And with the cookie only, the limited user is refused what it lacks, CSRF header and all.
        Wire.AssertError(await SendAsync(http, HttpMethod.Post, "/v1/external/incident/create", session.Cookie, csrf: session.Csrf, body: CreateBody()),
            HttpStatusCode.Forbidden, AuthAssert.Forbidden, "coc:ticket:create");
        // GET /v1/console/session describes the cookie's session only.
        AuthAssert.Unauthorized(await SendAsync(http, HttpMethod.Get, SessionPath, null, headers: [KeyValuePair.Create("X-Auth-Token", other.Token)]));
    }

    [Fact]
    public async Task Sign_out_revokes_the_session_and_clears_the_cookie_but_only_with_the_CSRF_value()
    {
        await using var server = await ServerAsync();
        using var http = Client(server.SocketAddress);
        var session = await SignInAsync(http, User, _password);

        Wire.AssertError(await SendAsync(http, HttpMethod.Delete, SessionPath, session.Cookie), HttpStatusCode.Forbidden, AuthAssert.Forbidden, "X-CSRF-Token");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, SessionPath, session.Cookie)).Status);

        using var request = new HttpRequestMessage(HttpMethod.Delete, SessionPath);
        request.Headers.Add("Cookie", session.Cookie);
        request.Headers.Add("X-CSRF-Token", session.Csrf);
        using var message = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, message.StatusCode);
        var cleared = Assert.Single(message.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("coc-session=;", cleared, StringComparison.Ordinal);
        Assert.Contains("1970", Attributes(cleared)["expires"], StringComparison.Ordinal);

        AuthAssert.Unauthorized(await SendAsync(http, HttpMethod.Get, "/v1/console/reference", session.Cookie), "x-auth-token invalid");
        // Without a session sign-out still answers 204 and clears the cookie.
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(http, HttpMethod.Delete, SessionPath, null)).Status);
    }

    [Fact]
    public async Task Signing_in_again_replaces_the_previous_session()
    {
        await using var server = await ServerAsync();
        using var http = Client(server.SocketAddress);
        var first = await SignInAsync(http, User, _password);
        var second = await SignInAsync(http, User, _password, first.Cookie);

        Assert.NotEqual(first.Token, second.Token);
        AuthAssert.Unauthorized(await SendAsync(http, HttpMethod.Get, SessionPath, first.Cookie), "x-auth-token invalid");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, SessionPath, second.Cookie)).Status);
    }

    [Fact]
    public async Task The_session_ends_at_the_token_s_expiry_on_the_server_clock_with_401()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await ServerAsync(clock);
        using var http = Client(server.SocketAddress);
        var session = await SignInAsync(http, User, _password);

        clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, SessionPath, session.Cookie)).Status);
        clock.Advance(TimeSpan.FromSeconds(1));
        AuthAssert.Unauthorized(await SendAsync(http, HttpMethod.Get, SessionPath, session.Cookie), "token expires");
        AuthAssert.Unauthorized(await SendAsync(http, HttpMethod.Get, "/v1/console/reference", session.Cookie), "token expires");
        AuthAssert.Unauthorized(await SendAsync(http, HttpMethod.Post, "/v1/external/incident/create", session.Cookie, csrf: session.Csrf,
            body: CreateBody()), "token expires");
    }

    [Fact]
    public async Task Wrong_passwords_on_the_console_sign_in_are_throttled_together_with_the_token_endpoint()
    {
        await using var server = await ServerAsync();
        using var http = Client(server.SocketAddress);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) statuses.Add((await PostSignInAsync(http, User, "guess-" + i)).Response.Status);
        var (right, message) = await PostSignInAsync(http, User, _password);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses.Take(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[5]);
        Wire.AssertGateway(right, HttpStatusCode.TooManyRequests, "APIGW.0308");
        Assert.False(message.Headers.Contains("Set-Cookie"));
        // The same pair is held back on the token endpoint too: one throttle for both sign-ins.
        using var content = CocApi.Raw(TokenServer.TokenRequest(User, _password, project: null).ToJsonString(), "application/json");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.PostAsync("/v3/auth/tokens", content)).StatusCode);
    }

    [Fact]
    public async Task A_cookie_sent_by_another_site_s_page_is_not_a_credential()
    {
        await using var server = await ServerAsync();
        using var http = Client(server.SocketAddress);
        var session = await SignInAsync(http, User, _password);

        AuthAssert.Unauthorized(await SendAsync(http, HttpMethod.Get, "/v1/console/reference", session.Cookie, fetchSite: "cross-site"));
        AuthAssert.Unauthorized(await SendAsync(http, HttpMethod.Get, "/v1/console/reference", session.Cookie, fetchSite: "same-site"));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, "/v1/console/reference", session.Cookie, fetchSite: "same-origin")).Status);
    }

    [Fact]
    public async Task The_emulator_needs_no_console_session_and_ignores_the_cookie()
    {
        await using var server = new AuthServer(emulator: true);
        using var http = Client(server.SocketAddress);
        var (refused, message) = await PostSignInAsync(http, User, _password);

        Wire.AssertInvalid(refused, "emulator");
        Assert.False(message.Headers.Contains("Set-Cookie"));
        // A stale cookie changes nothing: the anonymous caller still acts, without any CSRF value.
        Wire.AssertOk(await SendAsync(http, HttpMethod.Post, "/v1/external/incident/create", "coc-session=MIIstale", body: CreateBody()));
    }

    [Fact]
    public async Task Neither_the_password_nor_the_session_token_nor_the_CSRF_value_reaches_the_log()
    {
        var logs = new LogSink();
        await using var server = new AuthServer(clock: new FakeTimeProvider(DateTimeOffset.UtcNow), logs: logs);
        await AddUserAsync(server, User, _password);
        using var http = Client(server.SocketAddress);
        var session = await SignInAsync(http, User, _password);
        await SendAsync(http, HttpMethod.Post, "/v1/external/incident/create", session.Cookie, body: CreateBody()); // refused: no CSRF value
        await SendAsync(http, HttpMethod.Post, "/v1/external/incident/create", session.Cookie, csrf: session.Csrf, body: CreateBody());
        await SendAsync(http, HttpMethod.Delete, SessionPath, session.Cookie, csrf: session.Csrf);

        Assert.True(logs.Count > 0, "the sink saw no log at all");
        Assert.DoesNotContain(_password, logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Token, logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Csrf, logs.Text, StringComparison.Ordinal);
    }

}
