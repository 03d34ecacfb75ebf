using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Storage.Control;
using Coc.Server.Http;
using Coc.Server.Wire;

namespace Coc.Server.Features.ControlPlane;

/// <summary><c>GET /_coc/projects/{project_id}/export</c> and <c>POST …/import?mode=merge|replace</c> (both engines).</summary>
public static class ExportImportEndpoints
{
    public static RouteGroupBuilder MapExportImport(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{project_id}/export", Export).WithName("ControlExportProject")
            .WithSummary("One project's state as one JSON document (tickets with histories, attachments in base64, alarms, integrations, webhooks without secrets)");
        group.MapPost("/projects/{project_id}/import", Import).WithName("ControlImportProject")
            .WithSummary("Import an export into the project: mode=merge (default; rows whose key exists are skipped) or replace");
        return group;
    }

    private static string ProjectOf(string projectId) =>
        projectId.Length is 0 or > ResetEndpoints.MaxProjectId ? throw CocErrors.Invalid($"project_id must be 1 to {ResetEndpoints.MaxProjectId} characters") : projectId;

    private static async Task<IResult> Export(string project_id, ProjectTransfer transfer, StateControl state, TimeProvider clock, CancellationToken ct)
    {
        var project = ProjectOf(project_id);
        var document = new ProjectExportDocument
        {
            SchemaVersion = await state.SchemaVersionAsync(ct),
            ProjectId = project,
            ExportedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            Tables = await transfer.ExportAsync(project, ct),
        };
        return WireResults.Ok(document, ControlPlaneJsonContext.Default.EnvelopeProjectExportDocument);
    }

    private static async Task<IResult> Import(string project_id, HttpContext http, ProjectTransfer transfer, StateControl state, StateCaches caches)
    {
        var project = ProjectOf(project_id);
        var mode = ExportDocuments.Mode(http.Request.Query["mode"].ToString());
        using var body = await RequestBody.ReadJsonObjectAsync(http.Request, http.RequestAborted);
        var document = ExportDocuments.Parse(body.RootElement, state.KnownSchemaVersion);
        ImportOutcome outcome;
        try
        {
            outcome = await transfer.ImportAsync(project, document.Tables, mode, http.RequestAborted);
        }
        finally
        {
            caches.DropAll();
        }
        return WireResults.Ok(new ImportData(project, mode, outcome.Rows), ControlPlaneJsonContext.Default.EnvelopeImportData);
    }
}
