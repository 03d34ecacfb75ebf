using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Dapper;

namespace Coc.Server.Tests.Webhooks;

/// <summary>The subscription API of outbound.md (Subscriptions): coc:admin, the COC envelope, wh- ids, whsec_ secrets shown
/// once and stored encrypted, receivers' URLs checked against SSRF in secure mode.</summary>
public sealed class WebhookApiTests(SecureServer server) : IClassFixture<SecureServer>
{
    private const string Path = "/v1/admin/webhooks";
    private readonly CocApi _api = server.Api("webhook-api-" + Guid.NewGuid().ToString("N")[..8]);

    private Task<WireResponse> CreateAsync(JsonObject body) => _api.PostAsync(Path, body);

    private async Task<JsonElement> CreatedAsync(string url = "https://receiver.example/hook", JsonArray? types = null)
    {
        var body = new JsonObject { ["url"] = url, ["description"] = "chat" };
        if (types is not null) body["event_types"] = types;
        var r = await CreateAsync(body);
        Wire.AssertOk(r);
        return r.Data;
    }

    [Fact]
    public async Task A_create_answers_the_subscription_with_its_secret_once()
    {
        var created = await CreatedAsync();
        Assert.Matches("^wh-[a-z0-9]{12}$", created.Str("id"));
        Assert.Equal("https://receiver.example/hook", created.Str("url"));
        Assert.Equal(["*"], Wire.AssertStringArray(created, "event_types"));
        Assert.True(Wire.AssertBoolean(created, "enabled"));
        var secret = created.Str("secret");
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);

        var one = await _api.GetAsync($"{Path}/{created.Str("id")}");
        Wire.AssertOk(one);
        Assert.False(one.Data.TryGetProperty("secret", out _));
        Assert.Equal("chat", one.Data.Str("description"));
        Assert.DoesNotContain(secret["whsec_".Length..], one.Text);
        var list = await _api.GetAsync(Path);
        Wire.AssertOk(list);
        Assert.Equal(1, list.Data.GetProperty("total").GetInt64());
        Assert.DoesNotContain(secret["whsec_".Length..], list.Text);
    }

    [Fact]
    public async Task The_secret_is_stored_encrypted()
    {
        var created = await CreatedAsync();
        var database = server.Services.GetRequiredService<Database>();
        var stored = await database.ReadAsync(c => c.ExecuteScalarAsync<string>(
            "SELECT secret FROM webhooks WHERE id = @id", new { id = created.Str("id") }), default);
        Assert.NotNull(stored);
        Assert.DoesNotContain(created.Str("secret")["whsec_".Length..], stored);
        Assert.DoesNotContain("whsec_", stored);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9000/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.0.10/hook")]
    [InlineData("http://172.16.5.4/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://0.0.0.0/hook")]
    public async Task Loopback_private_and_link_local_receivers_are_refused_naming_url(string url)
    {
        var r = await CreateAsync(new JsonObject { ["url"] = url });
        Wire.AssertError(r, HttpStatusCode.BadRequest, Wire.InvalidParameter, "url");
        Assert.Null(r.Json.GetProperty("data").GetString());
    }

    [Theory]
    [InlineData("ftp://receiver.example/hook")]
    [InlineData("/relative/hook")]
    [InlineData("https://user:pw@receiver.example/hook")]
    [InlineData("")]
    public async Task A_url_that_is_not_absolute_http_is_refused_naming_url(string url)
    {
        Wire.AssertError(await CreateAsync(new JsonObject { ["url"] = url }), HttpStatusCode.BadRequest, Wire.InvalidParameter, "url");
    }

    [Fact]
    public async Task A_url_over_2048_characters_or_none_is_refused()
    {
        Wire.AssertError(await CreateAsync(new JsonObject { ["url"] = "https://receiver.example/" + new string('a', 2048) }),
            HttpStatusCode.BadRequest, Wire.InvalidParameter, "url");
        Wire.AssertError(await CreateAsync(new JsonObject { ["description"] = "no url" }), HttpStatusCode.BadRequest, Wire.InvalidParameter, "url");
    }

    [Fact]
    public async Task Unknown_event_types_are_refused_naming_the_field_and_nothing_is_created()
    {
        var r = await CreateAsync(new JsonObject { ["url"] = "https://receiver.example/hook", ["event_types"] = new JsonArray("incident.exploded") });
        Wire.AssertError(r, HttpStatusCode.BadRequest, Wire.InvalidParameter, "event_types");
        Assert.Contains("incident.exploded", r.Json.Str("error_msg"));
        Assert.Equal(0, (await _api.GetAsync(Path)).Data.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task An_update_changes_what_it_names_and_keeps_the_rest()
    {
        var id = (await CreatedAsync(types: new JsonArray("incident.created"))).Str("id");
        var r = await _api.SendAsync(HttpMethod.Put, $"{Path}/{id}", CocApi.Raw(new JsonObject
        {
            ["enabled"] = false, ["event_types"] = new JsonArray("incident.created", "incident.confirm"),
        }.ToJsonString()));
        Wire.AssertOk(r);
        Assert.False(Wire.AssertBoolean(r.Data, "enabled"));
        Assert.Equal(["incident.created", "incident.confirm"], Wire.AssertStringArray(r.Data, "event_types"));
        Assert.Equal("https://receiver.example/hook", r.Data.Str("url"));
        Assert.Equal("chat", r.Data.Str("description"));
        Assert.False((await _api.GetAsync($"{Path}/{id}")).Data.GetProperty("enabled").GetBoolean());

        var bad = await _api.SendAsync(HttpMethod.Put, $"{Path}/{id}", CocApi.Raw("""{"url":"http://127.0.0.1/x"}"""));
        Wire.AssertError(bad, HttpStatusCode.BadRequest, Wire.InvalidParameter, "url");
        Assert.Equal("https://receiver.example/hook", (await _api.GetAsync($"{Path}/{id}")).Data.Str("url"));
    }

    [Fact]
    public async Task Rotating_answers_a_new_secret_and_says_until_when_the_old_one_signs()
    {
        var created = await CreatedAsync();
        var r = await _api.PostAsync($"{Path}/{created.Str("id")}/rotate-secret", "{}");
        Wire.AssertOk(r);
        Assert.StartsWith("whsec_", r.Data.Str("secret"));
        Assert.NotEqual(created.Str("secret"), r.Data.Str("secret"));
        var after = (await _api.GetAsync($"{Path}/{created.Str("id")}")).Data;
        var until = after.GetProperty("previous_secret_expires_at").GetInt64();
        Assert.InRange(until - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), TimeSpan.FromHours(23.9).TotalMilliseconds, TimeSpan.FromHours(24).TotalMilliseconds);
    }

    [Fact]
    public async Task A_deleted_or_unknown_subscription_is_a_404_in_the_envelope()
    {
        var id = (await CreatedAsync()).Str("id");
        Wire.AssertOk(await _api.SendAsync(HttpMethod.Delete, $"{Path}/{id}"));
        Wire.AssertError(await _api.GetAsync($"{Path}/{id}"), HttpStatusCode.NotFound, Wire.InvalidParameter, id);
        Wire.AssertError(await _api.SendAsync(HttpMethod.Delete, $"{Path}/{id}"), HttpStatusCode.NotFound, Wire.InvalidParameter);
        Wire.AssertError(await _api.GetAsync($"{Path}/not-an-id/deliveries"), HttpStatusCode.NotFound, Wire.InvalidParameter);
    }

    [Fact]
    public async Task Another_project_does_not_see_the_subscription()
    {
        var id = (await CreatedAsync()).Str("id");
        var other = _api.InProject("webhook-other-" + Guid.NewGuid().ToString("N")[..8]);
        Wire.AssertError(await other.GetAsync($"{Path}/{id}"), HttpStatusCode.NotFound, Wire.InvalidParameter);
        Assert.Equal(0, (await other.GetAsync(Path)).Data.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Without_coc_admin_every_call_is_403()
    {
        var id = (await CreatedAsync()).Str("id");
        var reader = new CocApi(server.CreateWireClient(TestKey.ReadOnly), _api.Project);
        foreach (var r in new[]
        {
            await reader.GetAsync(Path), await reader.GetAsync($"{Path}/{id}"), await reader.PostAsync(Path, """{"url":"https://receiver.example/x"}"""),
            await reader.PostAsync($"{Path}/{id}/rotate-secret", "{}"),
        })
            Assert.Equal(HttpStatusCode.Forbidden, r.Status);
    }

    [Fact]
    public async Task Delivery_log_and_redelivery_check_their_parameters()
    {
        var id = (await CreatedAsync()).Str("id");
        Wire.AssertError(await _api.GetAsync($"{Path}/{id}/deliveries?limit=0"), HttpStatusCode.BadRequest, Wire.InvalidParameter, "limit");
        Wire.AssertError(await _api.GetAsync($"{Path}/{id}/deliveries?offset=-1"), HttpStatusCode.BadRequest, Wire.InvalidParameter, "offset");
        Wire.AssertError(await _api.GetAsync($"{Path}/{id}/deliveries?status=odd"), HttpStatusCode.BadRequest, Wire.InvalidParameter, "status");
        var log = await _api.GetAsync($"{Path}/{id}/deliveries");
        Wire.AssertOk(log);
        Assert.Equal(0, log.Data.GetProperty("total").GetInt64());

        Wire.AssertError(await _api.PostAsync($"{Path}/{id}/redeliver", "{}"), HttpStatusCode.BadRequest, Wire.InvalidParameter, "event_id");
        Wire.AssertError(await _api.PostAsync($"{Path}/{id}/redeliver", """{"since":5,"until":1}"""), HttpStatusCode.BadRequest, Wire.InvalidParameter, "since");
        Wire.AssertError(await _api.PostAsync($"{Path}/{id}/redeliver", """{"event_id":"evt_nosuch"}"""), HttpStatusCode.BadRequest, Wire.InvalidParameter, "evt_nosuch");
        var range = await _api.PostAsync($"{Path}/{id}/redeliver", """{"since":0,"until":1}""");
        Wire.AssertOk(range);
        Assert.Equal(0, range.Data.GetProperty("redelivered").GetInt32());
    }
}
