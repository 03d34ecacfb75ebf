using System.Text.Json;
using Coc.Core.Alarms;

namespace Coc.Server.Features.Alarms;

/// <summary>Stored handle entries in their wire shapes (the alarm's own is <see cref="AlarmInfo.Of"/>).</summary>
public static class AlarmPresenter
{
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
