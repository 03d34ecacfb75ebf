using Coc.Core.Storage;

namespace Coc.Server.Hosting;

public sealed class StorageState
{
    public volatile bool Migrated;
    public string? LastError { get; set; }
}

/// <summary>Applies schema migrations (and first-start credentials) before the server starts listening.</summary>
public sealed class StorageStartup(ITicketStore store, StorageState state, Auth.AdminBootstrap bootstrap, ILogger<StorageStartup> log)
    : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await store.MigrateAsync(ct);
        await bootstrap.RunAsync(ct);
        state.Migrated = true;
        log.LogInformation("Storage is migrated and ready");
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
