using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Coc.Core.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Coc.Server.Tests.Auth;

/// <summary>Secure mode with a movable clock, a project "token-project" and a user with every permission.</summary>
public sealed class TokenServer() : AuthServer(clock: new FakeTimeProvider(DateTimeOffset.UtcNow)), IAsyncLifetime
{
    public const string Project = "token-project";
    public const string UserName = "token-user";
    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        await AuthStore.SaveProjectAsync(new Project(Project, Project, "default"));
        await AuthStore.SaveUserAsync(new User(Secrets.NewId(), UserName, "default", TestPasswords.Hash(Password), [Permissions.All]));
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public static JsonObject TokenRequest(string user, string password, string? project = Project) => new()
    {
        ["auth"] = new JsonObject
        {
            ["identity"] = new JsonObject
            {
                ["methods"] = new JsonArray("password"),
                ["password"] = new JsonObject
                {
                    ["user"] = new JsonObject { ["name"] = user, ["password"] = password, ["domain"] = new JsonObject { ["name"] = "default" } },
                },
            },
            ["scope"] = project is null ? null : new JsonObject { ["project"] = new JsonObject { ["id"] = project } },
        },
    };

    /// <summary>POST /v3/auth/tokens: the answer and the X-Subject-Token header (null when absent).</summary>
    public async Task<(WireResponse Response, string? Token)> IssueAsync(string? password = null, string user = UserName)
    {
        using var http = Client(null);
        using var content = CocApi.Raw(TokenRequest(user, password ?? Password).ToJsonString(), "application/json");
        using var message = await http.PostAsync("/v3/auth/tokens", content);
        var token = message.Headers.TryGetValues("X-Subject-Token", out var values) ? values.Single() : null;
        return (await WireResponse.ReadAsync(message), token);
    }

    public async Task<string> TokenAsync()
    {
        var (response, token) = await IssueAsync();
        Assert.True(response.Status == HttpStatusCode.Created, $"token not issued: {response}");
        return token!;
    }

    /// <summary>A caller authenticating with <c>X-Auth-Token</c> (and <paramref name="project"/> as X-Project-Id when given).</summary>
    public CocApi WithToken(string token, string? project = null)
    {
        var http = Client(null);
        http.DefaultRequestHeaders.Add("X-Auth-Token", token);
        return project is null ? CocApi.WithoutProjectHeader(http) : new CocApi(http, project);
    }
}

/// <summary>auth.md, "Tokens — X-Auth-Token".</summary>
public sealed class TokenTests(TokenServer server) : IClassFixture<TokenServer>
{
    [Fact]
    public async Task A_password_token_is_201_with_X_Subject_Token_expiry_and_project()
    {
        var before = server.Now;
        var (response, token) = await server.IssueAsync();

        Assert.True(response.Status == HttpStatusCode.Created, response.ToString());
        Assert.False(string.IsNullOrEmpty(token), "no X-Subject-Token header");
        var body = response.Json.GetProperty("token");
        Assert.Equal(TokenServer.Project, body.GetProperty("project").Str("id"));
        var expires = DateTimeOffset.Parse(body.Str("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(expires, before.AddHours(24).AddMinutes(-1), server.Now.AddHours(24).AddMinutes(1));
        Assert.DoesNotContain(token!, response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, response.Text, StringComparison.Ordinal);
    }

    /// <summary>auth.md, People behind credentials, for a user's token as for a key (ActingPersonTests).</summary>
    [Fact]
    public async Task A_token_of_a_user_bound_to_a_person_acts_as_that_person_and_history_records_the_user()
    {
        const string name = "token-alice";
        var ownActions = new[] { Permissions.TicketCreate, Permissions.TicketGet, Permissions.TicketList, Permissions.TicketAction, Permissions.TicketHistories };
        await server.AuthStore.SaveUserAsync(new User(Secrets.NewId(), name, "default", TestPasswords.Hash(server.Password), ownActions,
            TokenServer.Project, People.Alice));
        var (issued, token) = await server.IssueAsync(user: name);
        Assert.True(issued.Status == HttpStatusCode.Created, issued.ToString());
        var alice = server.WithToken(token!);
        var before = await alice.TotalAsync();

        var refused = await alice.TryCreateAsync(Bodies.Create(creator: People.Carol));

        Wire.AssertError(refused, HttpStatusCode.Forbidden, AuthAssert.Forbidden, "creator");
        Assert.Equal(before, await alice.TotalAsync());
        var number = await alice.CreateAsync(Bodies.Create(assignee: People.Bob, creator: People.Alice));
        Wire.AssertError(await alice.HandleAsync(number, People.Bob, "acceptedIncident1"), HttpStatusCode.Forbidden, AuthAssert.Forbidden, "operator");
        var entry = Assert.Single((await alice.HistoryAsync(number)).EnumerateArray());
        Wire.AssertString(entry, "principal", "user:" + name);
    }

    [Fact]
    public async Task The_token_works_as_X_Auth_Token_in_its_project()
    {
        var token = await server.TokenAsync();
        var api = server.WithToken(token);

        var number = await api.CreateAsync(Bodies.Create("made with a token"));
        var list = await api.ListAsync("limit=100");

        Wire.AssertOk(list);
        Assert.Contains(number, list.Data.GetProperty("IncidentSimpleTicketInfos").EnumerateArray().Select(i => i.Str("ticket_id")));
        // The ticket is in the token's project, as a key acting there sees.
        Wire.AssertOk(await server.Api(TestKey.Suite, TokenServer.Project).DetailsAsync(number));
        Wire.AssertError(await server.Api(TestKey.Suite, "default").DetailsAsync(number), HttpStatusCode.BadRequest, Wire.TicketNotFound);
        // Naming the token's own project is fine.
        Wire.AssertOk(await server.WithToken(token, TokenServer.Project).DetailsAsync(number));
    }

    [Fact]
    public async Task A_wrong_password_or_unknown_user_is_401_APIGW_0301_without_a_token()
    {
        var (wrong, wrongToken) = await server.IssueAsync(password: "not-" + server.Password);
        var (unknown, unknownToken) = await server.IssueAsync(user: "nobody-at-all");

        Wire.AssertGateway(wrong, HttpStatusCode.Unauthorized, AuthAssert.Unauthenticated);
        Wire.AssertGateway(unknown, HttpStatusCode.Unauthorized, AuthAssert.Unauthenticated);
        Assert.Null(wrongToken);
        Assert.Null(unknownToken);
        Assert.Equal(wrong.ErrorMsg, unknown.ErrorMsg); // does not tell which of the two was wrong
    }

    [Fact]
    public async Task An_unknown_token_is_401()
    {
        var response = await server.WithToken("MII" + Guid.NewGuid().ToString("N")).ListAsync();

        Wire.AssertGateway(response, HttpStatusCode.Unauthorized, AuthAssert.Unauthenticated);
    }

    [Fact]
    public async Task A_token_expires_after_24_hours()
    {
        var token = await server.TokenAsync();
        var api = server.WithToken(token);
        Wire.AssertOk(await api.ListAsync());

        server.FakeClock!.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(58));
        Wire.AssertOk(await api.ListAsync());

        server.FakeClock.Advance(TimeSpan.FromMinutes(3)); // 24 h + 1 min
        var expired = await api.ListAsync();
        Wire.AssertGateway(expired, HttpStatusCode.Unauthorized, AuthAssert.Unauthenticated);
        Assert.Contains("token expires, expires_at:", expired.ErrorMsg, StringComparison.Ordinal);

        // A new token issued on the moved clock works.
        Wire.AssertOk(await server.WithToken(await server.TokenAsync()).ListAsync());
    }

    /// <summary>A domain or scope of the wrong shape was ignored: the token was issued in the default domain, for the
    /// user's default project, whatever the client asked for.</summary>
    [Theory]
    [InlineData("domain", "auth.identity.password.user.domain")]
    [InlineData("scope", "auth.scope")]
    [InlineData("project", "auth.scope.project")]
    public async Task A_domain_or_scope_that_is_not_an_object_is_a_400_naming_it(string replaced, string named)
    {
        var body = TokenServer.TokenRequest(TokenServer.UserName, server.Password);
        var auth = body["auth"]!.AsObject();
        switch (replaced)
        {
            case "domain": auth["identity"]!["password"]!["user"]!["domain"] = "default"; break;
            case "scope": auth["scope"] = "project"; break;
            default: auth["scope"]!["project"] = TokenServer.Project; break;
        }
        using var http = server.Client(null);
        using var content = CocApi.Raw(body.ToJsonString(), "application/json");
        using var message = await http.PostAsync("/v3/auth/tokens", content);
        var response = await WireResponse.ReadAsync(message);

        Wire.AssertInvalid(response, named + " must be an object");
        Assert.False(message.Headers.Contains("X-Subject-Token"), "a token was issued");
    }

    [Fact]
    public async Task DELETE_v3_auth_tokens_revokes_that_token_only()
    {
        var token = await server.TokenAsync();
        var other = await server.TokenAsync();
        Assert.NotEqual(token, other);
        Wire.AssertOk(await server.WithToken(token).ListAsync());

        using var http = server.Client(null);
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/v3/auth/tokens");
        request.Headers.Add("X-Auth-Token", token);
        request.Headers.Add("X-Subject-Token", token);
        using var revoke = await http.SendAsync(request);

        Assert.True(revoke.IsSuccessStatusCode, $"revoke answered {(int)revoke.StatusCode}: {await revoke.Content.ReadAsStringAsync()}");
        var after = await server.WithToken(token).ListAsync();
        Wire.AssertGateway(after, HttpStatusCode.Unauthorized, AuthAssert.Unauthenticated);
        Wire.AssertOk(await server.WithToken(other).ListAsync());
    }

    [Fact]
    public async Task Another_X_Project_Id_beside_a_token_is_403()
    {
        await server.AuthStore.SaveProjectAsync(new Project("token-other-project", "token-other-project", "default"));
        var token = await server.TokenAsync();

        var response = await server.WithToken(token, "token-other-project").ListAsync();

        Wire.AssertError(response, HttpStatusCode.Forbidden, AuthAssert.Forbidden);
    }

    /// <summary>
    /// With X-Auth-Token present the token alone authenticates: a signature beside it, good or forged, neither adds
    /// the key's project nor its identity, so a captured signature cannot widen a token, and a forged one harms nothing.
    /// </summary>
    [Fact]
    public async Task A_signature_beside_a_token_changes_nothing_the_token_decides()
    {
        var token = await server.TokenAsync();
        using var signed = server.Client(TestKey.Suite);
        signed.DefaultRequestHeaders.Add("X-Auth-Token", token);

        // Signed by the suite's key for project "default": the token is scoped to its own project, so 403.
        Wire.AssertError(await new CocApi(signed, "default").ListAsync(), HttpStatusCode.Forbidden, AuthAssert.Forbidden);

        using var forged = server.Client(null);
        forged.DefaultRequestHeaders.Add("X-Auth-Token", token);
        forged.DefaultRequestHeaders.TryAddWithoutValidation("Authorization",
            $"SDK-HMAC-SHA256 Access={TestKey.Suite.AccessKey}, SignedHeaders=host;x-sdk-date, Signature={new string('0', 64)}");
        var number = await CocApi.WithoutProjectHeader(forged).CreateAsync(Bodies.Create("a token beside a forged signature"));
        Wire.AssertOk(await server.Api(TestKey.Suite, TokenServer.Project).DetailsAsync(number));
        Wire.AssertError(await server.Api(TestKey.Suite, "default").DetailsAsync(number), HttpStatusCode.BadRequest, Wire.TicketNotFound);
    }

    [Fact]
    public async Task The_token_is_stored_only_hashed()
    {
        var token = await server.TokenAsync();
        Wire.AssertOk(await server.WithToken(token).ListAsync());

        var storage = await server.DumpStorageAsync();

        Assert.Contains(Secrets.HashToken(token), storage, StringComparison.Ordinal); // we are looking in the right place
        Assert.DoesNotContain(token, storage, StringComparison.Ordinal);
        Assert.DoesNotContain(token[3..], storage, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, storage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_made_with_a_token_records_the_user()
    {
        var api = server.WithToken(await server.TokenAsync());
        var number = await api.CreateAsync();

        var entry = Assert.Single((await api.HistoryAsync(number)).EnumerateArray());

        Wire.AssertString(entry, "principal", "user:" + TokenServer.UserName);
    }
}
