using System.Net;
using System.Text.Json;

namespace Coc.Server.Tests.Metrics;

/// <summary><c>GET /metrics</c> (outbound.md, Metrics): Prometheus text, anonymous by default, only GET, not in the
/// OpenAPI document (it is not a JSON operation of the API).</summary>
public sealed class MetricsEndpointTests(MetricsServer server) : IClassFixture<MetricsServer>
{
    [Fact]
    public async Task Metrics_answer_prometheus_text_to_an_anonymous_caller()
    {
        using var http = server.Anonymous();

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text);
        Assert.NotEmpty(ScrapedMetrics.Parse(text).Samples);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Another_method_on_metrics_is_an_unknown_api(string method)
    {
        using var http = server.Anonymous();

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/metrics"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Wire.NoSuchApi, body.RootElement.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Metrics_are_not_an_operation_of_the_openapi_document()
    {
        using var http = server.Anonymous();

        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));

        Assert.False(document.RootElement.GetProperty("paths").TryGetProperty("/metrics", out _));
    }
}

/// <summary><c>Coc:Metrics:RequireAuth=true</c>: a signed caller holding <c>coc:admin</c>, nobody else.</summary>
public sealed class AuthenticatedMetricsTests(AuthenticatedMetricsServer server) : IClassFixture<AuthenticatedMetricsServer>
{
    [Fact]
    public async Task An_anonymous_scrape_is_refused_with_401_in_the_gateway_shape()
    {
        using var http = server.Anonymous();

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("coc_", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_signed_caller_without_coc_admin_is_refused_with_403()
    {
        using var http = new HttpClient(new SdkSigningHandler(TestKey.ReadOnly, () => DateTimeOffset.UtcNow) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = server.Process.BaseAddress,
        };

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(Coc.Core.Auth.Permissions.Admin, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_signed_admin_gets_the_metrics()
    {
        using var http = server.Process.CreateClient();

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("http_server_request_duration_seconds", await response.Content.ReadAsStringAsync());
    }
}
