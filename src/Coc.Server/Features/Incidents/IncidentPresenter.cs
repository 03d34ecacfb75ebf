using Coc.Core.Reference;
using Coc.Core.Storage;
using Coc.Core.Tickets;

namespace Coc.Server.Features.Incidents;

/// <summary>Turns stored tickets into their wire shapes; time-dependent fields are worked out for <c>now</c>.</summary>
public static class IncidentPresenter
{
    public static IncidentDetails Details(Ticket t, IReadOnlyList<AttachmentInfo> attachments, ReferenceData reference, long now)
    {
        var paused = t.IsPausedAt(now);
        var pausedMs = t.PausedMsAt(now);
        return new IncidentDetails
        {
            IncidentNum = t.Number,
            Region = t.Region,
            EnterpriseProject = t.EnterpriseProject,
            CurrentCloudService = t.CurrentCloudService,
            IncidentLevel = t.Level,
            IsServiceInterrupt = t.IsServiceInterrupt,
            IncidentType = t.Type,
            IncidentTitle = t.Title,
            IncidentDescription = t.Description,
            IncidentSource = t.Source,
            IncidentAssignee = t.Assignee,
            AssigneeScene = t.AssigneeScene,
            AssigneeRole = t.AssigneeRole,
            WarroomId = t.WarroomId,
            HandleTime = t.HandleTime,
            Status = t.Status,
            CreateTime = t.CreateTime,
            Creator = t.Creator,
            EnumDataList = EnumDataList(t, reference),
            StartTime = t.StartTime,
            FaultRecoveryTime = t.FaultRecoveryTime,
            FaultDelineationTime = null,
            IncidentOwnership = t.Ownership,
            AcceptTime = t.AcceptTime,
            CompleteTime = t.CompleteTime,
            PausedMs = pausedMs,
            PausedUntil = paused ? t.PausedUntil : null,
            PendingRequest = t.Pending is { } p
                ? new PendingRequestData(p.Type, p.RequestedBy, p.RequestedAt, p.Reason, p.PauseEndTime, p.TargetLevel)
                : null,
            // Paused time can only fall after the first accept, so it does not shorten MTTA.
            MttaMs = t.AcceptTime - t.CreateTime,
            MttrMs = t.CompleteTime - t.CreateTime - pausedMs,
            Attachments = attachments.Select(a => new AttachmentSummary(a.DocId, a.DocName, a.Size, a.UploadedAt)).ToList(),
            AllowedOperations = Workflow.Available(t, now).Select(r => r.OperateKey).Distinct().ToList(),
        };
    }

    /// <summary>One entry per keyed field that has a value, in the order of seed 002.</summary>
    public static IReadOnlyList<EnumData> EnumDataList(Ticket t, ReferenceData reference)
    {
        var list = new List<EnumData>(7);
        var catalog = reference.Catalog;
        var directory = reference.Directory;
        if (t.CurrentCloudService.FirstOrDefault(a => a.Length > 0) is { } app)
            Add(list, "current_cloud_service_id", app, directory.ApplicationName(app));
        Add(list, "creator", t.Creator, directory.PersonName(t.Creator));
        AddEnum(list, "level_id", t.Level, catalog.Levels);
        AddEnum(list, "work_flow_status", t.Status, catalog.Statuses);
        AddEnum(list, "mtm_type", t.Type, catalog.Types);
        AddEnum(list, "source_id", t.Source, catalog.Sources);
        if (t.CurrentAssignee is { } assignee) Add(list, "assignee", assignee, directory.PersonName(assignee));
        return list;
    }

    public static IncidentSimpleTicketInfo Simple(Ticket t) => new(
        t.Number, t.Title, t.Description, t.Status, t.Level, t.EnterpriseProject.FirstOrDefault(), t.Source, t.Creator,
        t.Assignee, t.CreateTime);

    public static TriageInfo Triage(Ticket t, long now) =>
        new(t.AcceptTime, t.IsServiceInterrupt, t.IsPausedAt(now) ? t.PausedUntil : null, t.Pending?.Type);

    private static void AddEnum(List<EnumData> list, string field, string key, EnumSet set)
    {
        var entry = set.Find(key);
        Add(list, field, key, entry is null ? (key, key) : (entry.NameZh, entry.NameEn));
    }

    private static void Add(List<EnumData> list, string field, string key, (string Zh, string En) name) =>
        list.Add(new EnumData(field, key, name.Zh, name.En));
}
