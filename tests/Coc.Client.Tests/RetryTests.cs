using System.Net;
using Coc.Client.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coc.Client.Tests;

/// <summary>429 and 503 are retried after Retry-After against a real loopback server; an outcome-unknown 503 of an unkeyed write is not.</summary>
public sealed class RetryTests
{
    private static Task Details(int i, Microsoft.AspNetCore.Http.HttpContext http, int failures, int status, string code)
    {
        if (i < failures)
        {
            http.Response.Headers.RetryAfter = "1";
            return LoopbackServer.WriteEnvelopeAsync(http, status, code, "try again");
        }
        return LoopbackServer.WriteEnvelopeAsync(http, 200, "GOM.00000000", null, """{"incident_num":"IM1"}""");
    }

    [Fact]
    public async Task A_503_then_200_is_retried_once_after_the_Retry_After_second()
    {
        await using var server = await LoopbackServer.StartAsync((i, http) => Details(i, http, 1, 503, "GOM.00007299"));
        using var client = CocClient.Create(new CocClientOptions { Endpoint = server.BaseAddress });

        var number = await client.CreateIncidentAsync(Requests.Create());

        Assert.Equal("IM1", number);
        var attempts = server.Received.ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {attempts[1].At - attempts[0].At}");
    }

    [Fact]
    public async Task A_429_is_retried_through_the_IHttpClientFactory_registration_and_each_attempt_is_signed_afresh()
    {
        await using var server = await LoopbackServer.StartAsync((i, http) => Details(i, http, 2, 429, "APIGW.0308"));
        var services = new ServiceCollection();
        services.AddCocClient(o =>
        {
            o.Endpoint = server.BaseAddress;
            o.AccessKey = "RETRYAK";
            o.SecretKey = "retry-secret-key-0123456789";
            o.ProjectId = "p1";
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<CocClient>();

        Assert.Equal("IM1", await client.CreateIncidentAsync(Requests.Create()));

        var attempts = server.Received.ToArray();
        Assert.Equal(3, attempts.Length);
        Assert.All(attempts, a => Assert.StartsWith("SDK-HMAC-SHA256 Access=RETRYAK, SignedHeaders=", a.Headers["Authorization"]));
        Assert.All(attempts, a => Assert.Contains("x-project-id", a.Headers["Authorization"]));
        Assert.All(attempts, a => Assert.Equal("p1", a.Headers["X-Project-Id"]));
    }

    [Fact]
    public async Task An_outcome_unknown_503_of_a_write_without_an_idempotency_key_is_not_retried_and_surfaces_typed()
    {
        await using var server = await LoopbackServer.StartAsync((i, http) => Details(i, http, 5, 503, CocRetry.OutcomeUnknownCode));
        using var client = CocClient.Create(new CocClientOptions { Endpoint = server.BaseAddress });

        var e = await Assert.ThrowsAsync<CocApiException>(() => client.CreateIncidentAsync(Requests.Create()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.HttpStatus);
        Assert.Equal(CocRetry.OutcomeUnknownCode, e.ErrorCode);
        Assert.Equal("try again", e.ErrorMessage);
        Assert.StartsWith("req-", e.RequestId);
        Assert.Single(server.Received);
    }

    [Fact]
    public async Task With_an_idempotency_key_an_outcome_unknown_503_is_retried()
    {
        await using var server = await LoopbackServer.StartAsync((i, http) => Details(i, http, 1, 503, CocRetry.OutcomeUnknownCode));
        using var client = CocClient.Create(new CocClientOptions { Endpoint = server.BaseAddress });

        Assert.Equal("IM1", await client.CreateIncidentAsync(Requests.Create(), idempotencyKey: "k-1"));

        Assert.Equal(2, server.Received.Count);
        Assert.All(server.Received, a => Assert.Equal("k-1", a.Headers["Idempotency-Key"]));
    }
}
