using System.Threading.RateLimiting;
using Coc.Core.Errors;
using Coc.Server.Hosting;
using Coc.Server.Wire;

namespace Coc.Server.Auth;

/// <summary>Optional throttling per access key (token bucket): 429 <c>APIGW.0308</c> in the gateway's body.</summary>
public static class RateLimiting
{
    /// <summary>Nothing is added when throttling is off (the emulator's default), so requests skip the limiter.</summary>
    public static IServiceCollection AddCocRateLimiting(this IServiceCollection services, ServerOptions options)
    {
        var perSecond = options.EffectiveRateLimit;
        if (perSecond <= 0) return services;
        return services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.User.FindFirst(CallerClaims.AccessKey)?.Value is { } ak
                    ? RateLimitPartition.GetTokenBucketLimiter(ak, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = (int)Math.Max(1, perSecond * 2),
                        TokensPerPeriod = (int)Math.Max(1, perSecond),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter("unthrottled"));
            o.OnRejected = (context, _) =>
                new ValueTask(WireResults.WriteErrorAsync(context.HttpContext, 429, CocErrors.ThrottledCode,
                    "The throttling threshold has been reached: policy user over ratelimit"));
        });
    }

    public static IApplicationBuilder UseCocRateLimiting(this IApplicationBuilder app, ServerOptions options) =>
        options.EffectiveRateLimit > 0 ? app.UseRateLimiter() : app;
}
