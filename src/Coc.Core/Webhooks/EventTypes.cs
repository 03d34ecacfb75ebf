using Coc.Core.Tickets;

namespace Coc.Core.Webhooks;

/// <summary>The event types of outbound.md, and the ones a ticket change emits.</summary>
public static class EventTypes
{
    public const string Prefix = "incident.";
    public const string Created = "incident.created";
    public const string LevelChanged = "incident.level_changed";
    public const string WarroomStarted = "incident.warroom_started";
    public const string RemarkAdded = "incident.remark_added";
    public const string AlarmCreated = "alarm.created";
    public const string AlarmConverged = "alarm.converged";
    public const string AlarmResolved = "alarm.resolved";
    public const string AlarmLinked = "alarm.linked";

    /// <summary>Every type a subscription may ask for.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Created, .. Workflow.Rules.Select(r => Prefix + r.OperateKey).Distinct(), LevelChanged, WarroomStarted, RemarkAdded,
        Prefix + ActionNames.AlarmLinkedAction, Prefix + ActionNames.AlarmsResolvedAction,
        AlarmCreated, AlarmConverged, AlarmResolved, AlarmLinked,
    ];

    public static bool IsKnown(string type) => All.Contains(type);

    /// <summary>The events of one history entry, in order: the entry's own (<c>incident.created</c>,
    /// <c>incident.&lt;operate_key&gt;</c>, <c>incident.remark_added</c> for a v2 remark, <c>incident.warroom_started</c>
    /// for a WarRoom started through the WarRoom API, <c>incident.alarm_linked</c> / <c>incident.alarms_resolved</c> for
    /// the alarm pipeline's entries), then what it caused: a new level, a WarRoom started.</summary>
    public static IReadOnlyList<string> Of(Ticket? before, Ticket after, HistoryEntry entry)
    {
        var own = entry.Change switch
        {
            Tickets.Created => Created,
            Tickets.RemarkAdded => RemarkAdded,
            Tickets.WarRoomStarted => WarroomStarted,
            _ => Prefix + entry.Action,
        };
        var types = new List<string>(3) { own };
        if (before is not null && before.Level != after.Level) types.Add(LevelChanged);
        if (after.WarroomId is not null && after.WarroomId != before?.WarroomId && own != WarroomStarted) types.Add(WarroomStarted);
        return types;
    }
}
