using System.Text.Json.Serialization;

namespace Coc.Core.Tickets;

/// <summary>
/// The state of one incident ticket. It changes only by <see cref="TicketEvolution.Apply"/> of a history entry,
/// so replaying a ticket's history yields exactly this (invariant 3). <see cref="Version"/> counts the entries.
/// Time-dependent state (is the pause over?) is worked out when read, from the stored times.
/// </summary>
public sealed record Ticket
{
    public required string Number { get; init; }
    public required string Project { get; init; }
    public required string Status { get; init; }
    public required string Level { get; init; }
    public required string Type { get; init; }
    public required string Source { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required bool IsServiceInterrupt { get; init; }
    public IReadOnlyList<string> Region { get; init; } = [];
    public IReadOnlyList<string> EnterpriseProject { get; init; } = [];
    public IReadOnlyList<string> CurrentCloudService { get; init; } = [];
    public IReadOnlyList<string> Assignee { get; init; } = [];
    public string? AssigneeScene { get; init; }
    public string? AssigneeRole { get; init; }
    public string? Ownership { get; init; }
    public required string Creator { get; init; }
    public string? WarroomId { get; init; }
    public required long CreateTime { get; init; }
    public long? StartTime { get; init; }
    public long? FaultRecoveryTime { get; init; }
    public long? HandleTime { get; init; }
    public long? AcceptTime { get; init; }
    public long? CompleteTime { get; init; }
    public long PausedMs { get; init; }
    public long? PauseStartedAt { get; init; }
    public long? PausedUntil { get; init; }
    public PendingRequest? Pending { get; init; }
    public int Version { get; init; }
    /// <summary>Alarms are linked to it (alarms.md): its details read them.</summary>
    public bool HasAlarms { get; init; }
    /// <summary>A transfer's <c>is_change_event</c>, as sent.</summary>
    public bool? IsChangeEvent { get; init; }
    /// <summary>The integration whose rule created it (v2 <c>forward_rule_id</c>).</summary>
    public string? ForwardRuleId { get; init; }

    [JsonIgnore] public string? CurrentAssignee => Assignee.FirstOrDefault(a => a.Length > 0);

    /// <summary>Paused between an approved pause and the first of its end time or an operation that ends it.</summary>
    public bool IsPausedAt(long now) => PauseStartedAt is not null && now < PausedUntil;

    public long PausedMsAt(long now) =>
        PausedMs + (PauseStartedAt is { } start ? Math.Max(0, Math.Min(now, PausedUntil ?? now) - start) : 0);
}

public sealed record PendingRequest
{
    public const string PauseType = "pause";
    public const string LevelType = "level";

    public required string Type { get; init; }
    public required string RequestedBy { get; init; }
    public required long RequestedAt { get; init; }
    public required string Reason { get; init; }
    public long? PauseEndTime { get; init; }
    public string? TargetLevel { get; init; }
}
