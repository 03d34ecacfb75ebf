using System.Text.Json;
using System.Text.Json.Serialization;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Tickets;

namespace Coc.Core.Alarms;

/// <summary>
/// An integration's transfer rule (alarms.md, Transfer rules): which alarms become incidents and how. Stored with every
/// default filled in; validated when saved, each error naming its field (<c>transfer_rule.level_map.urgent</c>).
/// </summary>
public sealed record TransferRule
{
    public static readonly IReadOnlyList<string> DefaultAutoImportances = [Importance.Urgent, Importance.Major];

    public static readonly IReadOnlyDictionary<string, string> DefaultLevelMap = new Dictionary<string, string>
    {
        [Importance.Urgent] = "level_20", [Importance.Major] = "level_30", [Importance.Minor] = "level_40", [Importance.Warn] = "level_50",
    };

    public const string DefaultIncidentType = "inc_type_p_reliability_issues";

    [JsonPropertyName("auto_incident_importances")] public IReadOnlyList<string> AutoIncidentImportances { get; init; } = DefaultAutoImportances;
    [JsonPropertyName("level_map")] public IReadOnlyDictionary<string, string> LevelMap { get; init; } = DefaultLevelMap;
    [JsonPropertyName("incident_type")] public string IncidentType { get; init; } = DefaultIncidentType;
    [JsonPropertyName("assignee")] public string? Assignee { get; init; }
    [JsonPropertyName("assignee_scene")] public string? AssigneeScene { get; init; }
    [JsonPropertyName("assignee_role")] public string? AssigneeRole { get; init; }
    [JsonPropertyName("creator")] public string? Creator { get; init; }
    [JsonPropertyName("application_id")] public string? ApplicationId { get; init; }
    [JsonPropertyName("application_label")] public string ApplicationLabel { get; init; } = "application";
    [JsonPropertyName("region")] public string? Region { get; init; }
    [JsonPropertyName("region_label")] public string RegionLabel { get; init; } = "region";
    [JsonPropertyName("enterprise_project")] public string EnterpriseProject { get; init; } = "0";
    [JsonPropertyName("severity_label")] public string SeverityLabel { get; init; } = "severity";
    [JsonPropertyName("severity_map")] public IReadOnlyDictionary<string, string> SeverityMap { get; init; } = Importance.DefaultSeverityMap;
    [JsonPropertyName("default_importance")] public string DefaultImportance { get; init; } = Importance.Minor;
    /// <summary>Null: the integration type's default template.</summary>
    [JsonPropertyName("title_template")] public string? TitleTemplate { get; init; }
    [JsonPropertyName("description_template")] public string? DescriptionTemplate { get; init; }

    /// <summary>The defaults with automatic creation off: what an integration gets when no rule is given.</summary>
    public static readonly TransferRule Manual = new() { AutoIncidentImportances = [] };

    [JsonIgnore] public bool AutoCreates => AutoIncidentImportances.Count > 0;

    public const int MaxTemplate = 2000;

    /// <summary>Reads and validates a rule object; absent keys take their defaults.</summary>
    public static TransferRule Parse(JsonElement rule, TicketRules rules, string prefix = "transfer_rule.")
    {
        var field = prefix.TrimEnd('.');
        if (rule.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid($"{field} must be an object");
        var f = new JsonFields(rule, prefix);
        var catalog = rules.Reference.Catalog;
        var parsed = new TransferRule
        {
            AutoIncidentImportances = ImportanceList(rule, prefix + "auto_incident_importances") ?? DefaultAutoImportances,
            LevelMap = LevelMapOf(rule, prefix + "level_map", catalog.Levels.Contains) ?? DefaultLevelMap,
            IncidentType = f.OptionalKey("incident_type", catalog.Types.Contains) is { Length: > 0 } type ? type : DefaultIncidentType,
            Assignee = Blank(f.OptionalString("assignee")),
            AssigneeScene = Blank(f.OptionalString("assignee_scene")),
            AssigneeRole = Blank(f.OptionalString("assignee_role")),
            Creator = Blank(f.OptionalString("creator")),
            ApplicationId = Blank(f.OptionalString("application_id")),
            ApplicationLabel = Blank(f.OptionalString("application_label")) ?? "application",
            Region = Blank(f.OptionalString("region")),
            RegionLabel = Blank(f.OptionalString("region_label")) ?? "region",
            EnterpriseProject = Blank(f.OptionalString("enterprise_project")) ?? "0",
            SeverityLabel = Blank(f.OptionalString("severity_label")) ?? "severity",
            SeverityMap = SeverityMapOf(rule, prefix + "severity_map") ?? Importance.DefaultSeverityMap,
            DefaultImportance = f.OptionalKey("default_importance", Importance.IsKnown) is { Length: > 0 } d ? d : Importance.Minor,
            TitleTemplate = Blank(f.OptionalString("title_template", MaxTemplate)),
            DescriptionTemplate = Blank(f.OptionalString("description_template", MaxTemplate)),
        };
        if (parsed.Assignee is { } assignee) rules.CheckPerson(prefix + "assignee", assignee);
        if (parsed.Creator is { } creator) rules.CheckPerson(prefix + "creator", creator);
        if ((parsed.AssigneeScene is null) != (parsed.AssigneeRole is null))
            throw CocErrors.Invalid($"{prefix}assignee_scene and {prefix}assignee_role go together");
        if (parsed.AutoCreates)
        {
            if (parsed.Assignee is null && parsed.AssigneeScene is null)
                throw CocErrors.Invalid($"{prefix}assignee is required, or both {prefix}assignee_scene and {prefix}assignee_role, when auto_incident_importances is not empty");
            if (parsed.Creator is null)
                throw CocErrors.Invalid($"{prefix}creator is required when auto_incident_importances is not empty");
        }
        return parsed;
    }

    private static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static IReadOnlyList<string>? ImportanceList(JsonElement rule, string name)
    {
        if (!rule.TryGetProperty(name[(name.LastIndexOf('.') + 1)..], out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Array) throw CocErrors.Invalid($"{name} must be an array of importances");
        var list = new List<string>();
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !Importance.IsKnown(item.GetString()))
                throw CocErrors.Invalid($"{name}[{i}] must be one of {string.Join(", ", Importance.All)}");
            if (!list.Contains(item.GetString()!)) list.Add(item.GetString()!);
            i++;
        }
        return list;
    }

    private static IReadOnlyDictionary<string, string>? LevelMapOf(JsonElement rule, string name, Func<string, bool> isLevel)
    {
        var map = StringMap(rule, name);
        if (map is null) return null;
        var merged = new Dictionary<string, string>(DefaultLevelMap);
        foreach (var (importance, level) in map)
        {
            if (!Importance.IsKnown(importance)) throw CocErrors.Invalid($"{name}.{importance}: not an importance ({string.Join(", ", Importance.All)})");
            if (!isLevel(level)) throw CocErrors.InvalidValue($"{name}.{importance}", level);
            merged[importance] = level;
        }
        return merged;
    }

    private static IReadOnlyDictionary<string, string>? SeverityMapOf(JsonElement rule, string name)
    {
        var map = StringMap(rule, name);
        if (map is null) return null;
        var result = new Dictionary<string, string>();
        foreach (var (severity, importance) in map)
        {
            if (severity.Length is 0 or > FieldLimits.Text) throw CocErrors.Invalid($"{name}: a severity must be 1 to {FieldLimits.Text} characters");
            if (!Importance.IsKnown(importance)) throw CocErrors.Invalid($"{name}.{severity} must be one of {string.Join(", ", Importance.All)}");
            result[severity.ToLowerInvariant()] = importance;
        }
        return result;
    }

    private static Dictionary<string, string>? StringMap(JsonElement rule, string name)
    {
        if (!rule.TryGetProperty(name[(name.LastIndexOf('.') + 1)..], out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid($"{name} must be an object of strings");
        var map = new Dictionary<string, string>();
        foreach (var p in v.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String) throw CocErrors.Invalid($"{name}.{p.Name} must be a string");
            map[p.Name] = p.Value.GetString()!;
        }
        return map;
    }

    /// <summary>The importance of a Prometheus alert: the severity label through the map, else the default.</summary>
    public string ImportanceOf(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(SeverityLabel, out var severity) && SeverityMap.TryGetValue(severity.ToLowerInvariant(), out var importance)
            ? importance : DefaultImportance;
}
