using System.Data.Common;
using Coc.Core.Storage;
using Coc.Core.Storage.Encryption;
using Coc.Server.Hosting;

namespace Coc.Server.Storage;

public sealed class StorageState
{
    public volatile bool Migrated;
    public string? LastError { get; set; }

    /// <summary>Why the server stopped at start-up (e.g. the secrets key is missing); the process then exits 2.</summary>
    public string? Fatal { get; set; }
}

/// <summary>
/// Applies schema migrations (and first-start credentials). SQLite: before the server listens. PostgreSQL: if
/// the database is not reachable yet, the server starts anyway (answering <c>/healthz</c>, 503 elsewhere) and
/// keeps trying in the background until it is; <c>/readyz</c> turns 200 then.
/// </summary>
public sealed class StorageStartup(
    Database database, StorageState state, Auth.AdminBootstrap bootstrap, ServerOptions options, IHostApplicationLifetime lifetime,
    ILogger<StorageStartup> log)
    : BackgroundService
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);

    public override async Task StartAsync(CancellationToken ct)
    {
        // SQLite failures are not caught: a database that cannot open fails the start.
        if (await TryMigrateAsync(ct, logFailure: false)) return;
        log.LogWarning("The database is not reachable yet; serving /healthz and retrying every {Seconds}s", RetryEvery.TotalSeconds);
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested && !await TryMigrateAsync(stoppingToken, logFailure: true))
            await Task.Delay(RetryEvery, stoppingToken);
    }

    private async Task<bool> TryMigrateAsync(CancellationToken ct, bool logFailure)
    {
        try
        {
            await database.MigrateAsync(ct);
            await bootstrap.RunAsync(ct);
            state.Migrated = true;
            state.LastError = null;
            log.LogInformation("Storage is migrated and ready: {Storage}", StorageFactory.Describe(options));
            return true;
        }
        catch (SecretsKeyException e)
        {
            // Not retried: a missing key does not come back by waiting, and a new key would not read the values.
            state.Fatal = e.Message;
            log.LogCritical("The server cannot start: {Reason}", e.Message);
            // Once started (stopping while Kestrel binds would fail the start with a stack trace); at once if already.
            lifetime.ApplicationStarted.Register(lifetime.StopApplication);
            return true;
        }
        catch (Exception e) when (options.UsesPostgres && e is DbException or System.Net.Sockets.SocketException or TimeoutException)
        {
            state.LastError = "database unreachable: " + e.Message;
            if (logFailure) log.LogDebug("Database not ready: {Message}", e.Message);
            return false;
        }
    }
}
