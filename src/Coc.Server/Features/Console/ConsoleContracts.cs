using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Coc.Core.Reference;

namespace Coc.Server.Features.Console;

// The console's own read API: not part of the COC contract, so plain JSON rather than the COC envelope.

public sealed record ConsoleConfig([property: JsonPropertyName("mode")] string Mode);

/// <summary>One row of the workflow table: which operation is allowed in which status and situation, by whom.</summary>
public sealed record ConsoleWorkflowRow(
    [property: JsonPropertyName("operate_key")] string OperateKey,
    [property: JsonPropertyName("allowed_in")] IReadOnlyList<string> AllowedIn,
    [property: JsonPropertyName("situation")] string Situation,
    [property: JsonPropertyName("who")] string Who,
    [property: JsonPropertyName("leads_to")] IReadOnlyList<string> LeadsTo,
    [property: JsonPropertyName("meaning")] string Meaning,
    [property: JsonPropertyName("name_zh")] string NameZh,
    [property: JsonPropertyName("name_en")] string NameEn);

public sealed record ConsoleReference(
    [property: JsonPropertyName("catalog")] CatalogData Catalog,
    [property: JsonPropertyName("directory")] DirectoryData Directory,
    [property: JsonPropertyName("warroom_rules")] IReadOnlyList<WarRoomRule> WarRoomRules,
    [property: JsonPropertyName("workflow")] IReadOnlyList<ConsoleWorkflowRow> Workflow);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ConsoleConfig))]
[JsonSerializable(typeof(ConsoleReference))]
public sealed partial class ConsoleJsonContext : JsonSerializerContext
{
    /// <summary>Chinese display names as UTF-8 rather than \u escapes.</summary>
    public static ConsoleJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
