using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coc.Core.Reference;

/// <summary>A key with its display names: one row of the catalog or the directory.</summary>
public sealed record NamedEntry(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("name_zh")] string NameZh,
    [property: JsonPropertyName("name_en")] string NameEn);

/// <summary>A person or an application of the directory.</summary>
public sealed record DirectoryEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name_zh")] string NameZh,
    [property: JsonPropertyName("name_en")] string NameEn);

public sealed record ScheduleSlot(
    [property: JsonPropertyName("scene")] string Scene,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("person")] string Person);

/// <summary>When a WarRoom starts by itself: the ticket's level is listed, its application is listed
/// (or the list is empty = any), and the region matches (or the rule names none).</summary>
public sealed record WarRoomRule(
    [property: JsonPropertyName("levels")] IReadOnlyList<string> Levels,
    [property: JsonPropertyName("applications")] IReadOnlyList<string>? Applications,
    [property: JsonPropertyName("region")] string? Region);

public sealed record CatalogData(
    [property: JsonPropertyName("levels")] IReadOnlyList<NamedEntry> Levels,
    [property: JsonPropertyName("types")] IReadOnlyList<NamedEntry> Types,
    [property: JsonPropertyName("sources")] IReadOnlyList<NamedEntry> Sources,
    [property: JsonPropertyName("statuses")] IReadOnlyList<NamedEntry> Statuses,
    [property: JsonPropertyName("ownerships")] IReadOnlyList<NamedEntry> Ownerships);

public sealed record DirectoryData(
    [property: JsonPropertyName("people")] IReadOnlyList<DirectoryEntry> People,
    [property: JsonPropertyName("applications")] IReadOnlyList<DirectoryEntry>? Applications,
    [property: JsonPropertyName("schedules")] IReadOnlyList<ScheduleSlot>? Schedules);

/// <summary>The file shape of reference data: the preset ships embedded; a file given at start-up replaces
/// whichever top-level sections it has.</summary>
public sealed record ReferenceFile(
    [property: JsonPropertyName("catalog")] CatalogData? Catalog,
    [property: JsonPropertyName("directory")] DirectoryData? Directory,
    [property: JsonPropertyName("warroom_rules")] IReadOnlyList<WarRoomRule>? WarRoomRules);

[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(ReferenceFile))]
internal sealed partial class ReferenceJsonContext : JsonSerializerContext;

/// <summary>Catalog, directory and WarRoom rules, loaded once at start-up.</summary>
public sealed class ReferenceData
{
    public Catalog Catalog { get; }
    public PeopleDirectory Directory { get; }
    public IReadOnlyList<WarRoomRule> WarRoomRules { get; }

    private ReferenceData(Catalog catalog, PeopleDirectory directory, IReadOnlyList<WarRoomRule> rules)
    {
        Catalog = catalog;
        Directory = directory;
        WarRoomRules = rules;
    }

    public static ReferenceData Preset() => Load(null);

    /// <summary>The preset, with the sections of <paramref name="overridePath"/> (JSON) replacing the preset's.</summary>
    public static ReferenceData Load(string? overridePath)
    {
        var preset = ReadPreset();
        var file = overridePath is null ? null : Parse(File.ReadAllText(overridePath), overridePath);
        var catalog = file?.Catalog ?? preset.Catalog!;
        var directory = file?.Directory ?? preset.Directory!;
        var rules = file?.WarRoomRules ?? preset.WarRoomRules ?? [];
        return new ReferenceData(new Catalog(catalog), new PeopleDirectory(directory), rules);
    }

    private static ReferenceFile ReadPreset()
    {
        using var stream = typeof(ReferenceData).Assembly.GetManifestResourceStream("Coc.Core.preset.json")
            ?? throw new InvalidOperationException("the preset reference data is not embedded");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "preset");
    }

    private static ReferenceFile Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ReferenceJsonContext.Default.ReferenceFile)
                ?? throw new InvalidDataException($"reference data {source} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"reference data {source} is not valid: {e.Message}", e);
        }
    }

    /// <summary>Whether any rule starts a WarRoom for a ticket with this level, application and region.</summary>
    public bool WarRoomRuleMatches(string level, IReadOnlyList<string> applications, string? region) =>
        WarRoomRules.Any(rule =>
            rule.Levels.Contains(level)
            && (rule.Applications is null or { Count: 0 } || applications.Any(a => rule.Applications.Contains(a)))
            && (string.IsNullOrEmpty(rule.Region) || string.IsNullOrEmpty(region) || rule.Region == region));
}
