using System.Net;
using System.Text.Json;
using Coc.Core.Auth;

namespace Coc.Server.Tests.Auth;

/// <summary>auth.md, "IAM look-ups the SDK makes": GET /v3/projects?name= and GET /v3/auth/domains.</summary>
public sealed class IamLookupTests
{
    private const string Region = "cn-iam-9";
    private static readonly TestKey Other = new("IAMOTHERDOMAINAK001", "iam-other-domain-secret-0123456789abcd");

    private static List<JsonElement> Items(WireResponse r, string container)
    {
        Assert.True(r.Status == HttpStatusCode.OK, r.ToString());
        Wire.AssertKind(r.Json, container, JsonValueKind.Array);
        return [.. r.Json.GetProperty(container).EnumerateArray()];
    }

    [Fact]
    public async Task Projects_by_name_and_domains_answer_only_the_key_s_own_domain()
    {
        await using var server = new AuthServer(settings: AuthServer.KeySettings(3, Other, domain: "iam-other"));
        await server.CreateDomainAsync("iam-other", "iam-other-default");
        await server.AuthStore.SaveProjectAsync(new Project("iam-default-region", Region, "default"));
        await server.AuthStore.SaveProjectAsync(new Project("iam-other-region", Region, "iam-other"));
        var mine = server.Api(TestKey.Suite, project: null);
        var theirs = server.Api(Other, project: null);

        var byName = Items(await mine.GetAsync("/v3/projects?name=" + Region), "projects");
        var theirsByName = Items(await theirs.GetAsync("/v3/projects?name=" + Region), "projects");
        var all = Items(await mine.GetAsync("/v3/projects"), "projects");
        var domains = Items(await mine.GetAsync("/v3/auth/domains"), "domains");
        var theirDomains = Items(await theirs.GetAsync("/v3/auth/domains"), "domains");

        var project = Assert.Single(byName);
        Wire.AssertString(project, "id", "iam-default-region");
        Wire.AssertString(project, "name", Region);
        Wire.AssertString(Assert.Single(theirsByName), "id", "iam-other-region");
        Assert.Contains(all, p => p.Str("id") == "iam-default-region");
        Assert.DoesNotContain(all, p => p.Str("id") is "iam-other-region" or "iam-other-default");
        Assert.All(all, p => Assert.True(p.TryGetProperty("name", out _), $"project without a name: {p}"));
        Assert.Equal("default", Assert.Single(domains).Str("id"));
        Assert.True(domains[0].TryGetProperty("name", out _), "domain without a name");
        Assert.Equal("iam-other", Assert.Single(theirDomains).Str("id"));
    }

    /// <summary>The project name is a text filter like the list's: a NUL matched nothing on SQLite (and is not text for
    /// PostgreSQL), and in emulator mode the look-up creates the project it asks for, under that name.</summary>
    [Theory]
    [InlineData(false, "%00")]
    [InlineData(true, "%00")]
    [InlineData(true, "cn%0Anorth")]
    [InlineData(true, "LONG")]
    public async Task A_project_name_with_a_control_character_or_too_long_is_a_400_naming_it_and_creates_nothing(bool emulator, string name)
    {
        await using var server = new AuthServer(emulator: emulator);
        var api = server.Api(TestKey.Suite, project: null);
        var before = Items(await api.GetAsync("/v3/projects"), "projects").Count;
        var query = name == "LONG" ? new string('n', Coc.Core.Tickets.FieldLimits.Text + 1) : name;

        var response = await api.GetAsync("/v3/projects?name=" + query);

        Wire.AssertInvalid(response, "name");
        Assert.Equal(before, Items(await api.GetAsync("/v3/projects"), "projects").Count);
    }

    [Fact]
    public async Task The_look_ups_need_credentials_in_secure_mode()
    {
        await using var server = new AuthServer();
        var anonymous = CocApi.WithoutProjectHeader(server.Client(null));

        AuthAssert.Unauthorized(await anonymous.GetAsync("/v3/projects?name=" + Region));
        AuthAssert.Unauthorized(await anonymous.GetAsync("/v3/auth/domains"));
        AuthAssert.Unauthorized(await server.Api(TestKey.Suite with { SecretKey = "wrong" }, null).GetAsync("/v3/projects"));
    }

    [Fact]
    public async Task Emulator_mode_creates_the_project_on_first_use_with_a_stable_id()
    {
        await using var server = new AuthServer(emulator: true);
        var caller = server.Api(new TestKey("ANYAKTHEEMULATORSEES", "any-secret"), project: null);

        var first = Assert.Single(Items(await caller.GetAsync("/v3/projects?name=cn-emu-7"), "projects"));
        var second = Assert.Single(Items(await caller.GetAsync("/v3/projects?name=cn-emu-7"), "projects"));
        var unsigned = Assert.Single(Items(await CocApi.WithoutProjectHeader(server.Client(null)).GetAsync("/v3/projects?name=cn-emu-7"), "projects"));

        Wire.AssertString(first, "name", "cn-emu-7");
        var id = first.Str("id");
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(id, second.Str("id"));
        Assert.Equal(id, unsigned.Str("id"));
        // The id is a project the SDK can then act in.
        var api = server.Api(new TestKey("ANYAKTHEEMULATORSEES", "any-secret"), id);
        var number = await api.CreateAsync(Bodies.Create("in the looked-up project", "anyone", "someone"));
        Wire.AssertOk(await api.DetailsAsync(number));
        Assert.Single(Items(await caller.GetAsync("/v3/auth/domains"), "domains"));
    }
}
