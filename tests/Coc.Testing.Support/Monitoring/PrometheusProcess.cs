using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Testing.Support.Monitoring;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>) on a free 127.0.0.1 port with its own TSDB directory, scraping one
/// static target; queried through its HTTP API (<c>GET /api/v1/query</c>).
/// </summary>
public sealed class PrometheusProcess : MonitoringServer
{
    /// <summary>The variable naming the binary (exported by scripts/setup.d/30-alertmanager.sh).</summary>
    public const string BinaryVariable = "COC_TEST_PROMETHEUS";

    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);

    private PrometheusProcess(Started started, PrometheusOptions options) : base(started, options.Timeout) => JobName = options.JobName;

    /// <summary>The <c>job</c> label of the target's series.</summary>
    public string JobName { get; }

    /// <summary>Starts Prometheus scraping <paramref name="metricsUrl"/> (scheme, host:port and path of the target) and waits until
    /// <c>/-/ready</c> answers.</summary>
    public static async Task<PrometheusProcess> StartAsync(Uri metricsUrl, PrometheusOptions? options = null)
    {
        options ??= new PrometheusOptions();
        var binary = ResolveBinary(options.BinaryPath, BinaryVariable, "/usr/bin/prometheus", "Prometheus", "prometheus");
        var started = await StartAsync(binary, "prometheus", "prometheus.yml", Config(metricsUrl, options),
            (directory, listen) =>
            [
                "--config.file=" + Path.Combine(directory, "prometheus.yml"),
                "--storage.tsdb.path=" + Path.Combine(directory, "data"),
                "--web.listen-address=" + listen,
                "--log.level=warn",
            ],
            options.Timeout);
        return new PrometheusProcess(started, options);
    }

    /// <summary>An instant query: the vector's samples, or the scalar as one sample without labels. A query Prometheus
    /// refuses throws with its error.</summary>
    public async Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promql)
    {
        using var response = await Api.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        var text = await response.Content.ReadAsStringAsync();
        using var answer = JsonDocument.Parse(text);
        var root = answer.RootElement;
        if (root.GetProperty("status").GetString() != "success")
            throw new InvalidOperationException($"Prometheus refused {promql}: {(int)response.StatusCode} {text}");
        var data = root.GetProperty("data");
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" => result.EnumerateArray().Select(sample => PrometheusSample.Parse(Labels(sample.GetProperty("metric")), sample.GetProperty("value"))).ToList(),
            "scalar" => [PrometheusSample.Parse(new Dictionary<string, string>(), result)],
            var other => throw new NotSupportedException($"{promql}: a {other} result (QueryAsync reads vectors and scalars): {text}"),
        };
    }

    /// <summary>Queries every 250 ms until <paramref name="until"/> holds for the answer, which is returned; throws, with the
    /// last answer and the log, after <paramref name="timeout"/> (default 15 s).</summary>
    public async Task<IReadOnlyList<PrometheusSample>> WaitForAsync(string promql, Func<IReadOnlyList<PrometheusSample>, bool> until, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultWait;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var samples = await QueryAsync(promql);
            if (until(samples)) return samples;
            if (clock.Elapsed > limit)
                throw new TimeoutException($"{promql} did not reach the expected answer within {limit}; last: " +
                    $"{JsonSerializer.Serialize(samples)}\n{Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until <paramref name="promql"/> answers exactly one sample of value <paramref name="expected"/>.</summary>
    public async Task<PrometheusSample> WaitForValueAsync(string promql, double expected, TimeSpan? timeout = null) =>
        (await WaitForAsync(promql, samples => samples.Count == 1 && samples[0].Value.Equals(expected), timeout))[0];

    /// <summary>Waits until the target was scraped successfully (<c>up</c> is 1).</summary>
    public Task<PrometheusSample> WaitForTargetUpAsync(TimeSpan? timeout = null) =>
        WaitForValueAsync($"up{{job=\"{JobName}\"}}", 1, timeout);

    /// <summary>The configuration, written as JSON: YAML reads it unchanged and every string is escaped properly.</summary>
    private static string Config(Uri metricsUrl, PrometheusOptions options)
    {
        var interval = Duration(options.ScrapeInterval);
        return new JsonObject
        {
            ["global"] = new JsonObject { ["scrape_interval"] = interval, ["evaluation_interval"] = interval },
            ["scrape_configs"] = new JsonArray(new JsonObject
            {
                ["job_name"] = options.JobName,
                ["scheme"] = metricsUrl.Scheme,
                ["metrics_path"] = metricsUrl.AbsolutePath,
                ["static_configs"] = new JsonArray(new JsonObject { ["targets"] = new JsonArray((JsonNode)metricsUrl.Authority) }),
            }),
        }.ToJsonString();
    }

    private static Dictionary<string, string> Labels(JsonElement metric) =>
        metric.EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString()!);
}
