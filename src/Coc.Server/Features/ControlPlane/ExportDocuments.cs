using System.Text.Json;
using Coc.Core.Errors;
using Coc.Core.Storage.Control;

namespace Coc.Server.Features.ControlPlane;

/// <summary>Reads a project export (<see cref="ProjectExportDocument"/>), bare or still in its envelope (the body of
/// <c>GET /_coc/projects/{id}/export</c> as saved), for an import or <c>--seed FILE</c>.</summary>
public static class ExportDocuments
{
    public sealed record Read(string? ProjectId, long SchemaVersion, JsonElement Tables);

    public static Read Parse(JsonElement root, long knownSchemaVersion)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && !root.TryGetProperty("tables", out _))
            root = data;
        if (root.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid("the document must be a JSON object");
        if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != ProjectExportDocument.FormatName)
            throw CocErrors.Invalid($"format must be \"{ProjectExportDocument.FormatName}\"");
        if (!root.TryGetProperty("schema_version", out var v) || !v.TryGetInt64(out var version) || version < 1)
            throw CocErrors.Invalid("schema_version must be a positive integer");
        if (version > knownSchemaVersion)
            throw CocErrors.NotAllowed($"the document has schema version {version}, newer than this server's {knownSchemaVersion}: import it with a newer release");
        if (!root.TryGetProperty("tables", out var tables) || tables.ValueKind != JsonValueKind.Object)
            throw CocErrors.Invalid("tables must be an object of table name to rows");
        var project = root.TryGetProperty("project_id", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        return new Read(project, version, tables);
    }

    public static string Mode(string? given) => given switch
    {
        null or "" or ProjectTransfer.ModeMerge => ProjectTransfer.ModeMerge,
        ProjectTransfer.ModeReplace => ProjectTransfer.ModeReplace,
        _ => throw CocErrors.Invalid("mode must be merge or replace"),
    };
}
