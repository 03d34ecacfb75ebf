using System.Text.Json.Serialization;

namespace Coc.Core.Tickets;

/// <summary>
/// What one history entry did, with everything resolved at the time (the on-duty person, a WarRoom id),
/// so that applying it again later gives the same state without asking the directory or the clock.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Created), "created")]
[JsonDerivedType(typeof(Accepted), "accepted")]
[JsonDerivedType(typeof(SolutionSubmitted), "solution_submitted")]
[JsonDerivedType(typeof(Confirmed), "confirmed")]
[JsonDerivedType(typeof(Forwarded), "forwarded")]
[JsonDerivedType(typeof(PauseRequested), "pause_requested")]
[JsonDerivedType(typeof(LevelChanged), "level_changed")]
[JsonDerivedType(typeof(Approved), "approved")]
[JsonDerivedType(typeof(Refused), "refused")]
[JsonDerivedType(typeof(Recovered), "recovered")]
[JsonDerivedType(typeof(Reopened), "reopened")]
[JsonDerivedType(typeof(AlarmLinked), "alarm_linked")]
[JsonDerivedType(typeof(AlarmsResolved), "alarms_resolved")]
[JsonDerivedType(typeof(RemarkAdded), "remark_added")]
[JsonDerivedType(typeof(WarRoomStarted), "warroom_started")]
public abstract record TicketChange
{
    /// <summary>The operation's own comment parameter, shown as the history entry's <c>comment</c>.</summary>
    [JsonIgnore] public virtual string? Comment => null;

    /// <summary>Attachment doc ids the operation links to the ticket.</summary>
    [JsonIgnore] public virtual IReadOnlyList<string> LinkedAttachments => [];
}

public sealed record Created(Ticket Initial) : TicketChange;

public sealed record Accepted : TicketChange;

public sealed record SolutionSubmitted(
    string Type, bool IsServiceInterrupt, string Cause, string Solution,
    long? StartTime, long? FaultRecoveryTime, IReadOnlyList<string> Attachments) : TicketChange
{
    public override IReadOnlyList<string> LinkedAttachments => Attachments;
}

public sealed record Confirmed(bool Result, string ConfirmComment) : TicketChange
{
    public override string? Comment => ConfirmComment;
}

public sealed record Forwarded(string Assignee, string? Scene, string? Role, string? SendComment, string? Location) : TicketChange
{
    public override string? Comment => SendComment;
}

public sealed record PauseRequested(string Reason, long EndTime) : TicketChange
{
    public override string? Comment => Reason;
}

/// <summary>An escalation applies at once (and may start a WarRoom); a de-escalation opens a level request.</summary>
public sealed record LevelChanged(string TargetLevel, string ChangeComment, bool Escalation, string? WarroomId) : TicketChange
{
    public override string? Comment => ChangeComment;
}

public sealed record Approved(string? Note) : TicketChange
{
    public override string? Comment => Note;
}

public sealed record Refused(string? Note) : TicketChange
{
    public override string? Comment => Note;
}

public sealed record Recovered(string? Note) : TicketChange
{
    public override string? Comment => Note;
}

/// <summary>A v2 remark: a comment in the history, nothing else.</summary>
public sealed record RemarkAdded(string Note) : TicketChange
{
    public override string? Comment => Note;
}

/// <summary>A WarRoom started through the API (warrooms.md, Create); the entry's comment is its number.</summary>
public sealed record WarRoomStarted(string WarroomId, WarRooms.WarRoomSetup Setup) : TicketChange
{
    public override string? Comment => WarroomId;
}

/// <summary>The fields a ReOpen replaces; null means "keep the ticket's".</summary>
public sealed record Reopened : TicketChange
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Level { get; init; }
    public string? Type { get; init; }
    public bool? IsServiceInterrupt { get; init; }
    public string? Source { get; init; }
    public string? Ownership { get; init; }
    public long? StartTime { get; init; }
    public IReadOnlyList<string>? Region { get; init; }
    public IReadOnlyList<string>? EnterpriseProject { get; init; }
    public IReadOnlyList<string>? CurrentCloudService { get; init; }
    /// <summary>Set when the assignee rule ran: the resolved assignee and the scene/role as given.</summary>
    public AssigneeChoice? Assignee { get; init; }
    public string? WarroomId { get; init; }
    public IReadOnlyList<string> Attachments { get; init; } = [];
    public override IReadOnlyList<string> LinkedAttachments => Attachments;
}

/// <summary>An alarm was linked to the incident (alarms.md, Transfer rules); the state gains only the flag.</summary>
public sealed record AlarmLinked(string AlarmId, string AlarmName) : TicketChange
{
    public override string? Comment => $"{AlarmId} {AlarmName}";
}

/// <summary>Every alarm linked to the incident is resolved; the status does not change (people verify).</summary>
public sealed record AlarmsResolved(int Count) : TicketChange
{
    public override string? Comment => $"{Count} linked alarm{(Count == 1 ? "" : "s")} resolved";
}

public sealed record AssigneeChoice(IReadOnlyList<string> Assignee, string? Scene, string? Role);

/// <summary>One entry of a ticket's append-only history.</summary>
public sealed record HistoryEntry
{
    public const string UnknownPrincipal = "unknown";

    public long Id { get; init; }
    public required string TicketNumber { get; init; }
    public required string Project { get; init; }
    /// <summary>1 for creation, then one more per operation: the ticket's version after this entry.</summary>
    public required int Seq { get; init; }
    public required string Action { get; init; }
    public required string Operator { get; init; }
    /// <summary>Who authenticated the request (<c>user:NAME</c>, <c>ak:AK</c>, <c>anonymous</c>); entries older than
    /// the field read <see cref="UnknownPrincipal"/>.</summary>
    public required string Principal { get; init; }
    public required long At { get; init; }
    public string? FromStatus { get; init; }
    public required string ToStatus { get; init; }
    /// <summary>The request's <c>parameter</c> object as sent (compact JSON), or null.</summary>
    public string? ParameterJson { get; init; }
    public required TicketChange Change { get; init; }

    /// <summary>The first entry of a new <paramref name="ticket"/> (numbered, version 1), at its creation time.</summary>
    public static HistoryEntry Creation(Ticket ticket, string principal) => new()
    {
        TicketNumber = ticket.Number, Project = ticket.Project, Seq = 1, Action = OperateKeys.Create, Operator = ticket.Creator,
        Principal = principal, At = ticket.CreateTime, ToStatus = ticket.Status, Change = new Created(ticket with { Version = 0 }),
    };
}
