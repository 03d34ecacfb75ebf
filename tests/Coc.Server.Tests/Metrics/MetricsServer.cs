namespace Coc.Server.Tests.Metrics;

/// <summary>
/// The built server as a process of its own (so no other test's server shares its meters), in secure mode on the
/// suite's engine, with the suite's key; <see cref="ScrapeAsync"/> reads its <c>/metrics</c> anonymously.
/// </summary>
public class MetricsServer : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coc-server-tests", "metrics-" + Guid.NewGuid().ToString("N"));
    private readonly string? _db = TestEngine.IsPostgres ? TestEngine.CreateDatabase() : null;
    private readonly IReadOnlyList<string> _settings;
    private ServerProcess? _process;

    public MetricsServer() : this([]) { }

    protected MetricsServer(IReadOnlyList<string> settings) => _settings = settings;

    public ServerProcess Process => _process ?? throw new InvalidOperationException("not started");

    public bool UsesTicketCache => _db is null;

    /// <summary>A caller in the default project (the suite's key is global in domain "default").</summary>
    public CocApi Api() => new(Process.CreateClient(), "default");

    public HttpClient Anonymous() => new() { BaseAddress = Process.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<ScrapedMetrics> ScrapeAsync()
    {
        using var http = Anonymous();
        using var response = await http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /metrics answered {(int)response.StatusCode}: {text}");
        return ScrapedMetrics.Parse(text);
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _process = await ServerProcess.StartAsync(Path.Combine(_directory, "coc.db"), db: _db, settings: _settings);
    }

    public Task DisposeAsync()
    {
        _process?.Dispose();
        if (_db is not null) TestEngine.DropDatabase(_db);
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* the temp folder is cleaned eventually */ }
        return Task.CompletedTask;
    }
}

/// <summary>The same with <c>Coc:Metrics:RequireAuth=true</c>.</summary>
public sealed class AuthenticatedMetricsServer() : MetricsServer(["Coc:Metrics:RequireAuth=true"]);
