using System.Net;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests.ControlPlane;

/// <summary>Fault rules: a 503 GOM.00007299 in the envelope and a 429 APIGW.0308 in the gateway's body, each used up by
/// its count, answered before anything is done.</summary>
public sealed class FaultInjectionTests(EmulatorServer server) : IClassFixture<EmulatorServer>
{
    [Fact]
    public async Task A_503_rule_answers_in_the_envelope_changes_nothing_and_expires_by_count()
    {
        var api = server.Api();
        var rule = await Control.OkAsync(Control.PostAsync(api, "/faults", new JsonObject
        {
            ["method"] = "POST", ["path"] = "/v1/external/incident/create", ["status"] = 503, ["error_code"] = "GOM.00007299",
            ["error_msg"] = "injected outage", ["count"] = 2,
        }.ToJsonString()));
        var id = rule.Str("id");
        Assert.Equal(2, Wire.AssertInteger(rule, "count"));

        for (var i = 0; i < 2; i++)
        {
            var refused = await api.TryCreateAsync();
            Wire.AssertError(refused, HttpStatusCode.ServiceUnavailable, "GOM.00007299", "injected outage");
            Assert.Equal("1", refused.RetryAfter);
        }
        Assert.Equal(0, await api.TotalAsync()); // nothing was created

        await api.CreateAsync(); // the count is used up: the request goes through
        Assert.Equal(1, await api.TotalAsync());
        var list = await Control.OkAsync(api.GetAsync("/_coc/faults"));
        Assert.DoesNotContain(list.GetProperty("faults").EnumerateArray(), f => f.Str("id") == id);
        Wire.AssertError(await api.GetAsync("/_coc/faults/" + id), HttpStatusCode.NotFound, Wire.InvalidParameter);
    }

    [Fact]
    public async Task A_429_APIGW_rule_answers_in_the_gateway_body_and_matches_a_path_prefix_and_an_operate_key()
    {
        var api = server.Api();
        var number = await api.CreateAsync();
        var rule = await Control.OkAsync(Control.PostAsync(api, "/faults", new JsonObject
        {
            ["path"] = "/v1/external/incident/*", ["operate_key"] = "acceptedIncident1", ["status"] = 429, ["error_code"] = "APIGW.0308", ["count"] = 1,
        }.ToJsonString()));

        Assert.Equal(Statuses.Triggered, await api.StatusAsync(number)); // another request on the prefix: no operate_key, not matched
        var throttled = await api.HandleAsync(number, People.Alice, "acceptedIncident1");
        Wire.AssertGateway(throttled, HttpStatusCode.TooManyRequests, "APIGW.0308");
        Assert.Equal("1", throttled.RetryAfter);
        Assert.Equal(Statuses.Triggered, await api.StatusAsync(number));

        await api.DoAsync(number, People.Alice, "acceptedIncident1"); // used up
        Assert.Equal(Statuses.Acknowledged, await api.StatusAsync(number));
        Wire.AssertError(await api.SendAsync(HttpMethod.Delete, "/_coc/faults/" + rule.Str("id")), HttpStatusCode.NotFound, Wire.InvalidParameter);
    }

    [Fact]
    public async Task A_rule_is_listed_and_removed_and_latency_alone_delays_without_answering()
    {
        var api = server.Api();
        var rule = await Control.OkAsync(Control.PostAsync(api, "/faults", new JsonObject
        {
            ["method"] = "GET", ["path"] = "/v1/incident-tickets", ["latency_ms"] = 300, ["expires_in_ms"] = 600_000,
        }.ToJsonString()));
        Assert.True(Wire.AssertInteger(rule, "expires_at") > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var listed = await Control.OkAsync(api.GetAsync("/_coc/faults"));
        Assert.Contains(listed.GetProperty("faults").EnumerateArray(), f => f.Str("id") == rule.Str("id"));

        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, await api.TotalAsync());
        Assert.True(started.ElapsedMilliseconds >= 290, $"not delayed: {started.ElapsedMilliseconds} ms");
        Wire.AssertInteger(await Control.OkAsync(api.GetAsync("/_coc/faults/" + rule.Str("id"))), "hits");

        Wire.AssertOk(await api.SendAsync(HttpMethod.Delete, "/_coc/faults/" + rule.Str("id")));
        Wire.AssertError(await api.GetAsync("/_coc/faults/" + rule.Str("id")), HttpStatusCode.NotFound, Wire.InvalidParameter);
    }

    [Theory]
    [InlineData("""{"status": 503, "probability": 1.5}""", "probability")]
    [InlineData("""{"status": 200}""", "status")]
    [InlineData("""{"error_code": "GOM.00007299"}""", "status")]
    [InlineData("""{"status": 503, "error_code": "nope"}""", "error_code")]
    [InlineData("""{"status": 503, "path": "v1/no-slash"}""", "path")]
    [InlineData("""{"status": 503, "count": 0}""", "count")]
    [InlineData("""{"path": "/x"}""", "status")]
    public async Task Bad_rules_are_400_naming_the_field(string body, string field)
    {
        Wire.AssertInvalid(await Control.PostAsync(server.Api(), "/faults", body), field);
    }
}
