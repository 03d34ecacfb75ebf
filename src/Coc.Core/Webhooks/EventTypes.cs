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
        AlarmCreated, AlarmConverged, AlarmResolved, AlarmLinked,
    ];

    public static bool IsKnown(string type) => All.Contains(type);

    /// <summary>The events of one history entry, in order: the entry's own (<c>incident.created</c> or
    /// <c>incident.&lt;operate_key&gt;</c>), then what it caused: a new level, a WarRoom started.</summary>
    public static IReadOnlyList<string> Of(Ticket? before, Ticket after, HistoryEntry entry)
    {
        var types = new List<string>(3) { entry.Change is Created ? Created : Prefix + entry.Action };
        if (before is not null && before.Level != after.Level) types.Add(LevelChanged);
        if (after.WarroomId is not null && after.WarroomId != before?.WarroomId) types.Add(WarroomStarted);
        return types;
    }
}
