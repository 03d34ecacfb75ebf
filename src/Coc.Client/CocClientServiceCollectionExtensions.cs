using Coc.Client;
using Coc.Client.Http;
using Microsoft.Extensions.Options;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

public static class CocClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CocClient"/> as a typed client of IHttpClientFactory: base address from
    /// <see cref="CocClientOptions.Endpoint"/>, retries of 429/503 honouring <c>Retry-After</c>
    /// (Microsoft.Extensions.Http.Resilience), tenancy headers, and SDK-HMAC-SHA256 signing (AK/SK) or <c>X-Auth-Token</c>.
    /// </summary>
    public static IHttpClientBuilder AddCocClient(this IServiceCollection services, Action<CocClientOptions> configure)
    {
        services.AddOptions<CocClientOptions>().Configure(configure);
        var builder = services.AddHttpClient<CocClient>((sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<CocClientOptions>>().Value;
            http.BaseAddress = CocClient.WithTrailingSlash(options.Endpoint ?? throw new InvalidOperationException("CocClientOptions.Endpoint is not set"));
            http.Timeout = Timeout.InfiniteTimeSpan; // per attempt, below
        });
        builder.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        builder.AddResilienceHandler("coc-client", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<CocClientOptions>>().Value;
            if (options.MaxRetries > 0) pipeline.AddRetry(CocRetry.Options(options));
            pipeline.AddTimeout(options.Timeout);
        });
        builder.ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
        {
            var options = sp.GetRequiredService<IOptions<CocClientOptions>>().Value;
            foreach (var handler in CocClient.AuthHandlers(options)) handlers.Add(handler);
        });
        return builder;
    }
}
