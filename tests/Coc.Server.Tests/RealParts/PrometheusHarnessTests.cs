using System.Diagnostics;
using Coc.Testing.Support.Monitoring;

namespace Coc.Server.Tests.RealParts;

/// <summary>The harness's real Prometheus scraping a loopback target that serves a fixed text metric.</summary>
[Trait("Category", "RealParts")]
public sealed class PrometheusHarnessTests : IAsyncLifetime
{
    private LoopbackReceiver _target = null!;

    public async Task InitializeAsync()
    {
        _target = await LoopbackReceiver.StartAsync();
        _target.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        _target.ResponseBody = "# TYPE coc_selftest_value gauge\ncoc_selftest_value{kind=\"static\"} 42.5\n";
    }

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Fact]
    public async Task It_scrapes_the_target_and_QueryAsync_returns_the_metrics_value()
    {
        await using var prometheus = await PrometheusProcess.StartAsync(_target.UrlOf("/metrics"));

        await prometheus.WaitForTargetUpAsync();
        var sample = await prometheus.WaitForValueAsync("coc_selftest_value", 42.5);

        Assert.Equal("static", sample.Labels["kind"]);
        Assert.Equal("coc", sample.Labels["job"]);
        Assert.Equal(_target.BaseAddress.Authority, sample.Labels["instance"]);
        var scrape = await _target.WaitForAsync();
        Assert.Equal("/metrics", scrape.Path);
        Assert.StartsWith("Prometheus/2.42", scrape.Header("User-Agent"));
        var scalar = Assert.Single(await prometheus.QueryAsync("scalar(coc_selftest_value) * 2"));
        Assert.Equal(85, scalar.Value);
        Assert.Empty(scalar.Labels);
    }

    [Fact]
    public async Task A_query_Prometheus_refuses_throws_with_its_error()
    {
        await using var prometheus = await PrometheusProcess.StartAsync(_target.UrlOf("/metrics"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => prometheus.QueryAsync("sum(("));

        Assert.Contains("bad_data", error.Message);
    }

    [Fact]
    public async Task A_missing_binary_fails_clearly_naming_the_package_and_the_variable()
    {
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            PrometheusProcess.StartAsync(_target.UrlOf("/metrics"), new PrometheusOptions { BinaryPath = "/nonexistent/prometheus" }));

        Assert.Contains("Prometheus is not installed", error.Message);
        Assert.Contains("/nonexistent/prometheus", error.Message);
        Assert.Contains("'prometheus'", error.Message);
        Assert.Contains(PrometheusProcess.BinaryVariable, error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
    }
}
