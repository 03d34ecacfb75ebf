using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Core.Tickets.V2;

/// <summary>
/// The shapes v2 callers send that v1 spells as arrays (v2.md, Actions, params): attachment ids as one comma-separated
/// string (<c>""</c> = none), ReOpen's list fields as a single string. Rewritten to the v1 shape, so the operation's own
/// checks, and its history entry, are the v1 operation's.
/// </summary>
public static class V2Params
{
    private static readonly string[] CommaSeparated = ["resolve_attachments", "attachments"];
    private static readonly string[] SingleItemLists = ["assignee", "mtm_region", "enterprise_project_id", "current_cloud_service_id"];

    public static JsonElement? Normalize(JsonElement? parameters)
    {
        if (parameters is not { ValueKind: JsonValueKind.Object } p) return parameters;
        if (!p.EnumerateObject().Any(f => f.Value.ValueKind == JsonValueKind.String && (CommaSeparated.Contains(f.Name) || SingleItemLists.Contains(f.Name))))
            return p;
        var o = JsonNode.Parse(p.GetRawText())!.AsObject();
        foreach (var name in CommaSeparated)
            if (o[name] is JsonValue v && v.TryGetValue<string>(out var s))
                o[name] = new JsonArray([.. s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(id => (JsonNode?)id)]);
        foreach (var name in SingleItemLists)
            if (o[name] is JsonValue v && v.TryGetValue<string>(out var s))
                o[name] = new JsonArray(s);
        return JsonDocument.Parse(o.ToJsonString()).RootElement.Clone();
    }
}
