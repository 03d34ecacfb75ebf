using System.Threading.RateLimiting;
using Coc.Core.Errors;
using Coc.Server.Hosting;

namespace Coc.Server.Auth;

/// <summary>Optional throttling per access key (token bucket): 429 <c>APIGW.0308</c> in the gateway's body.</summary>
public static class RateLimiting
{
    public static IServiceCollection AddCocRateLimiting(this IServiceCollection services, ServerOptions options)
    {
        var perSecond = options.EffectiveRateLimit;
        return services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.User.FindFirst(CallerClaims.AccessKey)?.Value is { } ak && perSecond > 0
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
}
