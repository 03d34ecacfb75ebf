using System.Net;
using Coc.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Coc.Server.Tests.Auth;

/// <summary>Throttling per access key: 429 APIGW.0308 in the gateway's body (api.md, Errors).</summary>
public sealed class ThrottlingTests
{
    private static readonly TestKey Busy = new("THROTTLEBUSYAK00001", "throttle-busy-secret-0123456789abcdefg");
    private static readonly TestKey Quiet = new("THROTTLEQUIETAK0001", "throttle-quiet-secret-0123456789abcdef");

    private static async Task<List<WireResponse>> BurstAsync(CocApi api, int count)
    {
        var answers = new List<WireResponse>();
        for (var i = 0; i < count; i++) answers.Add(await api.ListAsync());
        return answers;
    }

    [Fact]
    public async Task A_burst_over_the_limit_gets_429_APIGW_0308_for_that_key_only()
    {
        await using var server = new AuthServer(settings:
        [
            KeyValuePair.Create("Coc:RateLimitPerSecond", "2"),
            .. AuthServer.KeySettings(3, Busy), .. AuthServer.KeySettings(4, Quiet),
        ]);
        var busy = server.Api(Busy, "default");

        var answers = await BurstAsync(busy, 12);
        var quiet = await server.Api(Quiet, "default").ListAsync();

        var throttled = answers.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(throttled.Count > 0, "12 quick requests at 2 per second were never throttled: " + string.Join(", ", answers.Select(a => (int)a.Status)));
        Assert.All(throttled, t => Wire.AssertGateway(t, HttpStatusCode.TooManyRequests, "APIGW.0308"));
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.TooManyRequests), Wire.AssertOk);
        Wire.AssertOk(answers[0]);
        Wire.AssertOk(quiet);
    }

    [Fact]
    public async Task Emulator_mode_does_not_throttle_by_default()
    {
        // The suite's servers set Coc:RateLimitPerSecond=0; an empty value restores the default (unset).
        await using var server = new AuthServer(emulator: true, settings: [KeyValuePair.Create("Coc:RateLimitPerSecond", ""), .. AuthServer.KeySettings(3, Busy)]);

        var answers = await BurstAsync(server.Api(Busy, "default"), 40);

        Assert.Null(server.Services.GetRequiredService<ServerOptions>().RateLimitPerSecond);
        Assert.All(answers, Wire.AssertOk);
    }
}
