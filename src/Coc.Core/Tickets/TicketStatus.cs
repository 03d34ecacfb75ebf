namespace Coc.Core.Tickets;

public static class TicketStatus
{
    public const string Triggered = "INCIDENT_STATUS_TRIGGERED";
    public const string Acknowledged = "INCIDENT_STATUS_ACKNOWLEDGED";
    public const string Rejected = "INCIDENT_STATUS_REJECTED";
    public const string Resolved = "INCIDENT_STATUS_RESOLVED";
    public const string Completed = "INCIDENT_STATUS_COMPLETED";
}

public static class OperateKeys
{
    public const string Accept = "acceptedIncident1";
    public const string CommitSolution = "commitSolution1";
    public const string Confirm = "confirm";
    public const string Forward = "forwardOther1";
    public const string Pause = "incidentPause";
    public const string ChangeLevel = "incidentChangeLevel1";
    public const string Agreed = "agreed";
    public const string Rejected = "rejected";
    public const string Recovery = "recovery";
    public const string ReOpen = "ReOpen";
    /// <summary>v2 only (v2.md, addRemark): not in <see cref="All"/>, which lists v1's operate_keys.</summary>
    public const string AddRemark = "addRemark";
    /// <summary>The history action of a WarRoom started through the API (warrooms.md).</summary>
    public const string StartWarRoom = "start_warroom";

    /// <summary>The history's action for the creation entry.</summary>
    public const string Create = "create";

    public static readonly IReadOnlyList<string> All =
        [Accept, CommitSolution, Confirm, Forward, Pause, ChangeLevel, Agreed, Rejected, Recovery, ReOpen];
}
