using System.Text.Json;
using Coc.Client;
using Coc.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coc.Testing;

/// <summary>
/// The real COC Incident Service inside the test process, on a free loopback port (port 0) with a store of its own
/// (a temporary SQLite file, deleted on dispose, or memory): <c>await using var coc = await CocEmulator.StartAsync();</c>.
/// <see cref="Client"/> is ready to use; the control plane (reset, seed, faults, clock) is reached through it.
/// </summary>
public sealed class CocEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _directory;
    private readonly List<CocClient> _clients = [];

    private CocEmulator(WebApplication app, Uri baseAddress, string? directory, CocEmulatorOptions options)
    {
        _app = app;
        _directory = directory;
        BaseAddress = baseAddress;
        Options = options;
        Client = CreateClient();
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for <see cref="CocEmulatorOptions.ProjectId"/> (signed with the configured key in secure mode).</summary>
    public CocClient Client { get; }

    public CocEmulatorOptions Options { get; }

    /// <summary>The server's services (for tests that look at storage directly).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the server and returns once it answers (storage migrated, socket bound).</summary>
    public static async Task<CocEmulator> StartAsync(CocEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new CocEmulatorOptions();
        var directory = options.InMemory ? null : Path.Combine(Path.GetTempPath(), "coc-emulator", Guid.NewGuid().ToString("N"));
        if (directory is not null) Directory.CreateDirectory(directory);

        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Coc:Data"] = directory is null ? ":memory:" : Path.Combine(directory, "coc.db"),
            ["Coc:Emulator"] = options.Secure ? "false" : "true",
            ["Coc:RateLimitPerSecond"] = "0",
            ["Coc:PasswordIterations"] = "1000", // sign-ins of test users stay fast; never for a real deployment
            ["Coc:AccessKeys:0:AccessKey"] = options.AccessKey,
            ["Coc:AccessKeys:0:SecretKey"] = options.SecretKey,
            ["Coc:AccessKeys:0:Domain"] = "default",
            ["Coc:AccessKeys:0:Permissions"] = "coc:*",
        };
        // appsettings.json's levels are configuration, which wins over SetMinimumLevel: the emulator's own level goes there too
        foreach (var category in new[] { "Default", "Microsoft.Hosting.Lifetime" }) settings[$"Logging:LogLevel:{category}"] = options.LogLevel.ToString();
        foreach (var (name, value) in options.Settings) settings[name] = value;

        var (builder, serverOptions) = CocServerHost.CreateBuilder([.. settings.Select(s => $"--{s.Key}={s.Value}")]);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        CocServerHost.AddServer(builder, serverOptions);
        var app = builder.Build();
        try
        {
            if (CocServerHost.Prepare(app, serverOptions) is { } failure)
                throw new InvalidOperationException($"The COC emulator cannot start (exit code {failure.ExitCode}): {failure.Message}");
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The COC emulator reports no listening address");
            return new CocEmulator(app, new Uri(address.EndsWith('/') ? address : address + "/"), directory, options);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>Another client of this server (e.g. another project, a token, no retries); disposed with the emulator.</summary>
    public CocClient CreateClient(Action<CocClientOptions>? configure = null)
    {
        var clientOptions = new CocClientOptions
        {
            Endpoint = BaseAddress,
            AccessKey = Options.AccessKey,
            SecretKey = Options.SecretKey,
            ProjectId = Options.ProjectId,
        };
        configure?.Invoke(clientOptions);
        var client = CocClient.Create(clientOptions);
        lock (_clients) _clients.Add(client);
        return client;
    }

    // The control plane through the client (spec control.md).

    /// <summary>Empties the server (or one project): tickets, histories, attachments, alarms, integrations, webhooks, keys, caches.</summary>
    public Task<ResetData> ResetAsync(string? projectId = null, CancellationToken cancellationToken = default) =>
        Client.ResetAsync(projectId, cancellationToken: cancellationToken);

    /// <summary>Seeds a project from an exported document (<see cref="CocClient.ExportProjectAsync"/>, <c>--seed FILE</c>).</summary>
    public Task<ImportData> SeedAsync(ProjectExportDocument document, string? projectId = null, bool replace = true, CancellationToken cancellationToken = default) =>
        Client.ImportProjectAsync(projectId ?? Options.ProjectId, document, replace, cancellationToken);

    /// <summary>Adds a fault rule, e.g. <c>new() { Path = "/v1/external/incident/create", Status = 503, ErrorCode = "GOM.00007299", Count = 1 }</c>.</summary>
    public Task<FaultRuleData> AddFaultAsync(FaultRuleData rule, CancellationToken cancellationToken = default) =>
        Client.AddFaultAsync(rule, cancellationToken);

    public Task ClearFaultsAsync(CancellationToken cancellationToken = default) => Client.ClearFaultsAsync(cancellationToken);

    /// <summary>Moves the service clock forward (pause end times, SLA timers, token expiry follow).</summary>
    public Task<ClockData> AdvanceClockAsync(TimeSpan by, CancellationToken cancellationToken = default) => Client.AdvanceClockAsync(by, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        lock (_clients)
        {
            foreach (var client in _clients) client.Dispose();
            _clients.Clear();
        }
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
        DeleteDirectory(_directory);
    }

    private static void DeleteDirectory(string? directory)
    {
        if (directory is null) return;
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A connection may hold the file a moment longer; the directory is under the temp folder.
        }
    }
}
