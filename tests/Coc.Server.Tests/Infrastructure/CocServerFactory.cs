using System.Collections.Concurrent;
using System.Net;
using Coc.Core.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Coc.Server.Tests;

/// <summary>
/// The real app on a SQLite file of its own (deleted on dispose), in secure or emulator mode, with the suite's
/// access keys configured and throttling off. On a Kestrel loopback socket by default (<c>kestrel: false</c>:
/// in memory on TestServer). <c>clockStart</c> starts the server's clock at that instant (for the signed fixtures), from
/// where it moves 1 ms each time it is read, so successive events keep distinct times; <c>clock</c>: one the test moves.
/// <c>dataDirectory</c>: SQLite in that directory whatever the suite's engine (a small file system, for disk-full tests).
/// </summary>
public class CocServerFactory : WebApplicationFactory<Program>
{
    private readonly string _directory;
    private readonly bool _kestrel;
    private readonly ConcurrentDictionary<string, Task> _projects = new(StringComparer.Ordinal);

    public CocServerFactory(
        bool emulator = false, bool kestrel = true, DateTimeOffset? clockStart = null, string? dataDirectory = null, FakeTimeProvider? clock = null)
    {
        Emulator = emulator;
        _kestrel = kestrel;
        Clock = clock ?? (clockStart is { } start ? new FakeTimeProvider(start) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) } : TimeProvider.System);
        _directory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "coc-server-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        DataPath = Path.Combine(_directory, "coc.db");
        PostgresDatabase = TestEngine.IsPostgres && dataDirectory is null ? TestEngine.CreateDatabase() : null;
        if (kestrel) UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public bool Emulator { get; }

    public string DataPath { get; }

    /// <summary>Set when the suite runs on PostgreSQL: this server's own database.</summary>
    public string? PostgresDatabase { get; }

    /// <summary>The server's clock (the one requests are signed with).</summary>
    public TimeProvider Clock { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Host settings reach Program as command-line arguments, so they are seen before builder.Build().
        builder.UseSetting("Coc:Data", DataPath);
        if (PostgresDatabase is not null) builder.UseSetting("Coc:Db", PostgresDatabase);
        builder.UseSetting("Coc:Emulator", Emulator ? "true" : "false");
        builder.UseSetting("Coc:RateLimitPerSecond", "0");
        builder.UseSetting(TestPasswords.Setting.Key, TestPasswords.Setting.Value);
        builder.UseSetting("Coc:SignatureDiagnostics", "true");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        foreach (var (name, value) in TestKey.Settings()) builder.UseSetting(name, value);
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        if (Clock is FakeTimeProvider) builder.ConfigureTestServices(s => s.AddSingleton(Clock));
        if (!_kestrel) builder.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, RawTargetFromPath>());
    }

    /// <summary>TestServer leaves the raw request target empty; the app reads it (signatures, ticket numbers), so
    /// in memory it is rebuilt from the path as Kestrel would have received it.</summary>
    private sealed class RawTargetFromPath : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                var feature = http.Features.Get<IHttpRequestFeature>();
                if (feature is not null && string.IsNullOrEmpty(feature.RawTarget))
                    feature.RawTarget = http.Request.PathBase.ToUriComponent() + http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent();
                return nextMiddleware(http);
            });
            next(app);
        };
    }

    /// <summary>An HTTP client for the app (over the socket when on Kestrel), signing with <paramref name="key"/> (null: unsigned).</summary>
    public HttpClient CreateWireClient(TestKey? key = null, bool signed = true)
    {
        key ??= TestKey.Suite;
        var handlers = signed ? new DelegatingHandler[] { new SdkSigningHandler(key, () => Clock.GetUtcNow(), EnsureProjectAsync) } : [];
        if (!_kestrel) return CreateDefaultClient(handlers);

        HttpMessageHandler handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, AllowAutoRedirect = false };
        for (var i = handlers.Length - 1; i >= 0; i--)
        {
            handlers[i].InnerHandler = handler;
            handler = handlers[i];
        }
        return new HttpClient(handler) { BaseAddress = SocketAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>A caller in a project of its own (or <paramref name="project"/>).</summary>
    public CocApi Api(string? project = null) => new(CreateWireClient(), project);

    public Uri SocketAddress
    {
        get
        {
            if (!_kestrel) throw new InvalidOperationException("this factory was not built with kestrel: true");
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                ?? throw new InvalidOperationException("the server reports no addresses");
            return new Uri(addresses.First());
        }
    }

    /// <summary>Secure mode acts only in known projects: creates <paramref name="id"/> in domain "default" once.</summary>
    public Task EnsureProjectAsync(string id) => Emulator || id == "default" ? Task.CompletedTask : _projects.GetOrAdd(id, async p =>
    {
        var store = Services.GetRequiredService<IAuthStore>();
        if (await store.FindProjectAsync(p) is null) await store.SaveProjectAsync(new Project(p, p, "default"));
    });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        SqliteConnection.ClearAllPools();
        if (PostgresDatabase is not null) TestEngine.DropDatabase(PostgresDatabase);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A connection may still hold the file for a moment; the directory is under the temp folder.
        }
    }
}

/// <summary>Secure mode: people must be known to the directory; assignee and creator checks apply.</summary>
public sealed class SecureServer() : CocServerFactory(emulator: false);

/// <summary>Emulator mode: any people id is taken and echoed as its own name.</summary>
public sealed class EmulatorServer() : CocServerFactory(emulator: true);
