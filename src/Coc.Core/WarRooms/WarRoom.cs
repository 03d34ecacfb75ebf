using Coc.Core.Json;
using Coc.Core.Tickets;

namespace Coc.Core.WarRooms;

public sealed record ScheduleGroup(string RoleId, string SceneId);

public sealed record CodeName(string Code, string Name);

public sealed record IdName(string Id, string Name);

/// <summary>What a WarRoom was started with (warrooms.md, The record), kept as it was at the start.</summary>
public sealed record WarRoomSetup
{
    public const string ByRule = "rule";
    public const string ByApi = "api";

    public required string Title { get; init; }
    public string? Description { get; init; }
    public string? Admin { get; init; }
    public IReadOnlyList<string> Participants { get; init; } = [];
    /// <summary>The participants, then the on-duty persons of <see cref="Schedules"/> resolved at the start.</summary>
    public IReadOnlyList<string> Members { get; init; } = [];
    public IReadOnlyList<ScheduleGroup> Schedules { get; init; } = [];
    public IReadOnlyList<CodeName> Regions { get; init; } = [];
    public IReadOnlyList<IdName> Applications { get; init; } = [];
    public required string EnterpriseProject { get; init; }
    public required string NotificationType { get; init; }
    public IReadOnlyList<string> NotificationModes { get; init; } = [];
    public required string StartedBy { get; init; }

    /// <summary>A rule's WarRoom: the ticket's title, assignee, region, application and enterprise project.</summary>
    public static WarRoomSetup ByRuleFor(Ticket t) => new()
    {
        Title = t.Title,
        Admin = t.CurrentAssignee,
        Regions = [.. t.Region.Where(r => r.Length > 0).Select(r => new CodeName(r, r))],
        Applications = [.. t.CurrentCloudService.Where(a => a.Length > 0).Select(a => new IdName(a, a))],
        EnterpriseProject = JsonFields.FirstValue(t.EnterpriseProject) ?? "0",
        NotificationType = "NULL_GROUP",
        StartedBy = ByRule,
    };
}

/// <summary>A stored WarRoom: its key, number, incident and times, what it was started with (null for one stored before
/// WarRooms were records: then the incident's fields stand in), and the incident's ticket as it is now.</summary>
public sealed record WarRoom(long Id, string Num, string Project, string IncidentNumber, long CreateTime, long? CloseTime,
    WarRoomSetup? Setup, Ticket Incident)
{
    public const string Running = "1";
    public const string Closed = "2";

    public string Status => CloseTime is null ? Running : Closed;

    public WarRoomSetup EffectiveSetup => Setup ?? WarRoomSetup.ByRuleFor(Incident);

    public long OccurTime => Incident.StartTime ?? Incident.CreateTime;
}
