using System.Text.Json;
using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Tickets;

namespace Coc.Core.Alarms;

/// <summary>The bodies of the alarm requests (alarms.md), validated field by field before anything is written.</summary>
public static class AlarmIds
{
    public const int MaxLength = 26;
    public const int MaxIds = 100;
    public const int MaxText = 2700;

    public static void CheckPathId(string id)
    {
        if (id.Length is 0 or > MaxLength) throw CocErrors.Invalid($"alarm_id must be 1 to {MaxLength} characters");
    }

    /// <summary><c>alarm_ids</c>: separated by <c>,</c> or <c>，</c>; blanks trimmed, empty parts and duplicates dropped.</summary>
    public static IReadOnlyList<string> ParseList(JsonFields f, string field = "alarm_ids")
    {
        var text = f.RequiredString(field, MaxText);
        var ids = text.Split([',', '，'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) throw CocErrors.Required(f.Name(field));
        if (ids.Count > MaxIds) throw CocErrors.Invalid($"{f.Name(field)} must name at most {MaxIds} alarms");
        foreach (var id in ids)
            if (id.Length > MaxLength) throw CocErrors.Invalid($"{f.Name(field)}: alarm id {id[..MaxLength]}… is longer than {MaxLength} characters");
        return ids;
    }
}

public sealed record ClearRequest(IReadOnlyList<string> AlarmIds, string? Remarks, ClearInfo Info)
{
    public const long MaxTime = 9_000_000_000_000_000;

    public static ClearRequest Parse(JsonElement body)
    {
        var f = new JsonFields(body);
        var ids = Alarms.AlarmIds.ParseList(f);
        var remarks = f.OptionalString("remarks", 100);
        var interrupt = f.OptionalBoolean("is_service_interrupt", allowString: true) ?? false;
        return new ClearRequest(ids, string.IsNullOrEmpty(remarks) ? null : remarks,
            new ClearInfo(interrupt, Time(body, "start_time"), Time(body, "fault_recovery_time")));
    }

    /// <summary>0 … 9·10¹⁵ ms; no order check between the two (Terraform's own test sends recovery before start).</summary>
    private static long? Time(JsonElement body, string field)
    {
        if (!body.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var ms) || ms < 0 || ms > MaxTime)
            throw CocErrors.Invalid($"{field} must be an integer time in milliseconds from 0 to {MaxTime}");
        return ms;
    }
}

public sealed record AutoProcessRequest(string TaskType, string TaskId, string TaskKind, string TaskName, string? SubTaskInfoJson)
{
    private static readonly string[] TaskTypes = ["SCRIPT", "RUNBOOK", "PLAN"];
    private static readonly string[] TaskKinds = ["CUSTOMIZATION", "COMMUNAL"];
    private static readonly string[] InstanceModes = ["SAME", "DIFF", "MIXED"];
    private static readonly string[] Selections = ["ALL", "MANUAL", "NONE"];
    private static readonly string[] BatchStrategies = ["AUTO_BATCH", "MANUAL_BATCH", "NONE"];

    public static AutoProcessRequest Parse(JsonElement body)
    {
        var f = new JsonFields(body);
        var type = f.RequiredKey("task_type", TaskTypes.Contains);
        var id = f.RequiredString("associated_task_id", 100);
        if (id.Length < 3) throw CocErrors.Invalid("associated_task_id must be 3 to 100 characters");
        var kind = f.RequiredKey("associated_task_type", TaskKinds.Contains);
        var name = f.RequiredString("associated_task_name");
        f.OptionalString("associated_task_enterprise_project_id", 1000);
        f.OptionalKey("runbook_instance_mode", InstanceModes.Contains);
        f.OptionalString("region_id", 64);
        InputParam(body);
        TargetInstances(body);
        string? subTask = null;
        if (body.TryGetProperty("sub_task_info", out var sub) && sub.ValueKind != JsonValueKind.Null) subTask = sub.GetRawText();
        return new AutoProcessRequest(type, id, kind, name, subTask);
    }

    private static void InputParam(JsonElement body)
    {
        if (!body.TryGetProperty("input_param", out var v) || v.ValueKind == JsonValueKind.Null) return;
        if (v.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid("input_param must be an object of strings");
        var count = 0;
        foreach (var p in v.EnumerateObject())
        {
            if (++count > 1000) throw CocErrors.Invalid("input_param must have at most 1000 keys");
            if (p.Value.ValueKind != JsonValueKind.String) throw CocErrors.Invalid($"input_param.{p.Name} must be a string");
        }
    }

    private static void TargetInstances(JsonElement body)
    {
        if (!body.TryGetProperty("target_instances", out var v) || v.ValueKind == JsonValueKind.Null) return;
        if (v.ValueKind != JsonValueKind.Array) throw CocErrors.Invalid("target_instances must be an array");
        var count = v.GetArrayLength();
        if (count is 0 or > 1000) throw CocErrors.Invalid("target_instances must hold 1 to 1000 items");
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            var at = $"target_instances[{i++}]";
            if (item.ValueKind != JsonValueKind.Object) throw CocErrors.Invalid($"{at} must be an object");
            var t = new JsonFields(item, at + ".");
            t.RequiredKey("target_selection", Selections.Contains);
            if (!item.TryGetProperty("order_no", out var order) || order.ValueKind == JsonValueKind.Null) throw CocErrors.Required(at + ".order_no");
            if (order.ValueKind != JsonValueKind.Number || !order.TryGetInt32(out var n) || n < 0)
                throw CocErrors.Invalid($"{at}.order_no must be an integer of at least 0");
            t.OptionalKey("batch_strategy", BatchStrategies.Contains);
            t.OptionalString("target_instances", 1 << 20);
            if (item.TryGetProperty("sub_target_instances", out var sub) && sub.ValueKind is not (JsonValueKind.Null or JsonValueKind.Array))
                throw CocErrors.Invalid($"{at}.sub_target_instances must be an array");
        }
    }
}

/// <summary>alarms-linked-incident: the alarms and the incident to create for them, by the create rules of api.md.</summary>
public sealed record LinkIncidentRequest(IReadOnlyList<string> AlarmIds, CreateRequest Create, IReadOnlyList<string> Attachments)
{
    public const int MaxTitle = 255;
    public const int MaxAttachmentText = 1024;

    public static LinkIncidentRequest Parse(JsonElement body, TicketRules rules, string project, string creator, long now)
    {
        var f = new JsonFields(body);
        var catalog = rules.Reference.Catalog;
        var ids = Alarms.AlarmIds.ParseList(f);
        var title = rules.CheckTitle("title", f.RequiredString("title", MaxTitle));
        var description = f.RequiredString("description", FieldLimits.Description);
        var level = f.RequiredKey("level_id", catalog.Levels.Contains);
        var type = f.RequiredKey("mtm_type", catalog.Types.Contains);
        var interrupt = f.RequiredBoolean("is_service_interrupt", allowString: true);
        var application = f.RequiredString("current_cloud_service_id");
        var enterpriseProject = f.OptionalString("enterprise_project_id") is { Length: > 0 } ep ? ep : "0";
        var region = f.OptionalString("mtm_region");
        var scene = f.OptionalString("assignee_scene");
        var role = f.OptionalString("assignee_role");
        var assigneeGiven = f.OptionalString("assignee") is { Length: > 0 } a ? new[] { a } : null;
        var source = f.OptionalKey("source_id", catalog.Sources.Contains) is { Length: > 0 } s ? s : "incident_source_alarm";
        var attachments = (f.OptionalString("attachment", MaxAttachmentText) ?? "")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var changeEvent = f.OptionalBoolean("is_change_event", allowString: true);
        var assignee = rules.ResolveAssignee(assigneeGiven, scene, role, "assignee", "assignee_scene", "assignee_role");
        IReadOnlyList<string> regions = string.IsNullOrEmpty(region) ? [] : [region];
        var needsWarRoom = rules.NeedsWarRoom(level, [application], regions, "mtm_region");
        var draft = new Ticket
        {
            Number = "",
            Project = project,
            Status = TicketStatus.Triggered,
            Level = level,
            Type = type,
            Source = source,
            Title = title,
            Description = description,
            IsServiceInterrupt = interrupt,
            Region = regions,
            EnterpriseProject = [enterpriseProject],
            CurrentCloudService = [application],
            Assignee = assignee.Assignee,
            AssigneeScene = string.IsNullOrEmpty(scene) ? null : scene,
            AssigneeRole = string.IsNullOrEmpty(role) ? null : role,
            Ownership = "incident_ownership_alarm",
            Creator = creator,
            CreateTime = now,
            HasAlarms = true,
            IsChangeEvent = changeEvent,
        };
        return new LinkIncidentRequest(ids, new CreateRequest(draft, needsWarRoom), attachments);
    }
}
