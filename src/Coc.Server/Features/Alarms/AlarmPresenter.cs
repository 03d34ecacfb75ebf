using System.Text.Json;
using Coc.Core.Alarms;
using Coc.Core.Reference;

namespace Coc.Server.Features.Alarms;

/// <summary>Stored alarms and handle entries in their wire shapes.</summary>
public static class AlarmPresenter
{
    public static AlarmInfo Info(Alarm a, PeopleDirectory directory) => new()
    {
        Id = a.Id,
        Name = a.Name,
        Importance = a.Importance,
        ComeFrom = a.ComeFrom,
        ComeFromEn = a.ComeFrom,
        TransferRule = a.IntegrationId,
        TransferRuleName = a.IntegrationName,
        App = a.App,
        Status = a.Status,
        Owner = a.Owner,
        OwnerName = a.Owner is { } owner ? directory.PersonName(owner).En : null,
        ConvergeCount = a.ConvergeCount,
        AssociateEventId = a.IncidentNum,
        DomainId = a.Project,
        CreateTime = a.CreateTime,
        UpdateTime = a.UpdateTime,
        Remarks = a.Remarks,
        Region = a.Region,
        TaskType = a.TaskType,
        AssociatedTaskType = a.AssociatedTaskType,
        AssociatedTaskId = a.AssociatedTaskId,
        AssociatedTaskName = a.AssociatedTaskName,
        IntegrationId = a.IntegrationId,
        IntegrationType = a.IntegrationType,
        SourceKey = a.SourceKey,
        GroupKey = a.GroupKey,
        Labels = a.Labels,
        Annotations = a.Annotations,
        Description = a.Description,
        Namespace = a.Namespace,
        ResourceId = a.ResourceId,
        ResourceName = a.ResourceName,
        Url = a.Url,
        Additional = Json(a.AdditionalJson),
        FirstOccurTime = a.FirstOccurTime,
        LastOccurTime = a.LastOccurTime,
        ResolvedTime = a.ResolvedTime,
        ResolvedBy = a.ResolvedBy,
        TruncatedAlerts = a.TruncatedAlerts,
        ClearInfo = a.ClearInfo is { } c ? new ClearInfoData(c.IsServiceInterrupt, c.StartTime, c.FaultRecoveryTime) : null,
    };

    public static AlarmHandleHistory Entry(AlarmHandleEntry e) => new()
    {
        WorkOrderId = e.WorkOrderId,
        CreateName = e.CreateName,
        TaskType = e.TaskType,
        StartTime = e.StartTime,
        EndTime = e.EndTime,
        Duration = e.Duration,
        Status = e.Status,
        AssociatedTaskId = e.AssociatedTaskId,
        AssociatedTaskName = e.AssociatedTaskName,
        SubTaskInfo = Json(e.SubTaskInfoJson),
        Message = e.Message,
    };

    public static ResolvedRecord? Resolved(Alarm a) =>
        a.Status == Alarm.Resolved ? new ResolvedRecord(a.ResolvedTime, a.ResolvedByName, a.Remarks) : null;

    private static JsonElement? Json(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
