using System.Text.Json;
using Coc.Core.Json;

namespace Coc.Core.Tickets;

/// <summary>A validated create request (api.md, Create): everything but the number and the WarRoom.</summary>
public sealed record CreateRequest(Ticket Draft, bool NeedsWarRoom)
{
    public static CreateRequest Parse(JsonElement body, TicketRules rules, string project, long now)
    {
        var f = new JsonFields(body);
        var catalog = rules.Reference.Catalog;
        var level = f.RequiredKey("incident_level", catalog.Levels.Contains);
        var interrupt = f.RequiredBoolean("is_service_interrupt", allowString: true);
        var type = f.RequiredKey("incident_type", catalog.Types.Contains);
        var title = rules.CheckTitle("incident_title", f.RequiredString("incident_title", FieldLimits.Title));
        var source = f.RequiredKey("incident_source", catalog.Sources.Contains);
        var description = f.OptionalString("incident_description", FieldLimits.Description);
        var region = f.OptionalStringArray("region") ?? [];
        var enterpriseProject = f.OptionalStringArray("enterprise_project") ?? [];
        var application = f.OptionalStringArray("current_cloud_service") ?? [];
        var assigneeGiven = f.OptionalStringArray("incident_assignee");
        var scene = f.OptionalString("assignee_scene");
        var role = f.OptionalString("assignee_role");
        var creator = f.RequiredString("creator");
        rules.CheckPerson("creator", creator);
        var ownership = f.OptionalKey("incident_ownership", catalog.Ownerships.Contains);
        var startTime = f.OptionalTime("start_time");
        rules.CheckStartTime("start_time", startTime, now);
        var assignee = rules.ResolveAssignee(assigneeGiven, scene, role, "incident_assignee", "assignee_scene", "assignee_role");
        var needsWarRoom = rules.NeedsWarRoom(level, application, region, "region");

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
            Region = region,
            EnterpriseProject = enterpriseProject,
            CurrentCloudService = application,
            Assignee = assignee.Assignee,
            AssigneeScene = scene,
            AssigneeRole = role,
            Ownership = ownership,
            Creator = creator,
            CreateTime = now,
            StartTime = startTime,
        };
        return new CreateRequest(draft, needsWarRoom);
    }
}
