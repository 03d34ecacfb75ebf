using System.Text.Json;
using Coc.Core.Errors;
using Coc.Core.Storage.Control;
using Coc.Server.Hosting;
using Coc.Server.Storage;

namespace Coc.Server.Features.ControlPlane;

/// <summary>
/// <c>--seed FILE</c> (<c>Coc:Seed</c>): a project export imported at start, replacing that project's state, so that a
/// test suite begins from a known state. Runs once storage is migrated (on SQLite before the server listens). A file that
/// cannot be read or imported stops the server (exit 2) with the reason.
/// </summary>
public sealed class SeedAtStart(
    ServerOptions options, StorageState storage, ProjectTransfer transfer, StateControl state, StateCaches caches,
    IHostApplicationLifetime lifetime, ILogger<SeedAtStart> log) : BackgroundService
{
    public override async Task StartAsync(CancellationToken ct)
    {
        if (options.Seed is null) return;
        if (storage.Migrated) await SeedAsync(ct);
        else await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!storage.Migrated && storage.Fatal is null) await Task.Delay(TimeSpan.FromMilliseconds(200), stopping);
        if (storage.Fatal is null) await SeedAsync(stopping);
    }

    private async Task SeedAsync(CancellationToken ct)
    {
        var file = options.Seed!;
        try
        {
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(file, ct));
            var document = ExportDocuments.Parse(json.RootElement, state.KnownSchemaVersion);
            var project = document.ProjectId ?? throw CocErrors.Required("project_id");
            var outcome = await transfer.ImportAsync(project, document.Tables, ProjectTransfer.ModeReplace, ct);
            caches.DropAll();
            log.LogInformation("Seeded project {Project} from {File}: {Rows} rows", project, file, outcome.Rows.Values.Sum());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or CocException)
        {
            storage.Fatal = $"The seed file {file} could not be imported: {e.Message}";
            log.LogCritical("{Reason}", storage.Fatal);
            lifetime.ApplicationStarted.Register(lifetime.StopApplication);
        }
    }
}
