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

/// <summary>The length limits the validation enforces (<c>FieldLimits</c>), so the console's forms check the same.</summary>
public sealed record ConsoleLimits(
    [property: JsonPropertyName("text")] int Text,
    [property: JsonPropertyName("title")] int Title,
    [property: JsonPropertyName("description")] int Description,
    [property: JsonPropertyName("comment")] int Comment,
    [property: JsonPropertyName("solution")] int Solution,
    [property: JsonPropertyName("start_time_max_future_ms")] long StartTimeMaxFutureMs);

public sealed record ConsoleAttachmentRules(
    [property: JsonPropertyName("file_types")] IReadOnlyList<string> FileTypes,
    [property: JsonPropertyName("max_file_bytes")] int MaxFileBytes,
    [property: JsonPropertyName("max_per_ticket")] int MaxPerTicket);

/// <summary>A level and application (null: none) for which a WarRoom rule matches when no region is given,
/// so a create or ReOpen needs a region.</summary>
public sealed record ConsoleRegionRequired(
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("application")] string? Application);

public sealed record ConsoleReference(
    [property: JsonPropertyName("catalog")] CatalogData Catalog,
    [property: JsonPropertyName("directory")] DirectoryData Directory,
    [property: JsonPropertyName("warroom_rules")] IReadOnlyList<WarRoomRule> WarRoomRules,
    [property: JsonPropertyName("workflow")] IReadOnlyList<ConsoleWorkflowRow> Workflow,
    [property: JsonPropertyName("limits")] ConsoleLimits Limits,
    [property: JsonPropertyName("attachments")] ConsoleAttachmentRules Attachments,
    [property: JsonPropertyName("region_required")] IReadOnlyList<ConsoleRegionRequired> RegionRequired,
    [property: JsonPropertyName("on_duty")] IReadOnlyList<ScheduleSlot> OnDuty)
{
    [JsonPropertyName("caller")] public ConsoleCaller? Caller { get; init; }
}

/// <summary>
/// Who the signed-in credential acts as (auth.md, People behind credentials): <c>person</c> is the bound directory person
/// (null: none); <c>act_for_others</c> whether it may name someone else as operator; <c>relaxed_actors</c> whether the
/// workflow's assignee / creator rules are relaxed (emulator mode).
/// </summary>
public sealed record ConsoleCaller(
    [property: JsonPropertyName("principal")] string Principal,
    [property: JsonPropertyName("person")] string? Person,
    [property: JsonPropertyName("act_for_others")] bool ActForOthers,
    [property: JsonPropertyName("relaxed_actors")] bool RelaxedActors);

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
