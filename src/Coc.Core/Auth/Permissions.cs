namespace Coc.Core.Auth;

/// <summary>IAM action names (auth.md, Tenancy and permissions). <c>coc:*</c> and <c>coc:ticket:*</c> grant what they match.</summary>
public static class Permissions
{
    public const string TicketCreate = "coc:ticket:create";
    public const string TicketGet = "coc:ticket:get";
    public const string TicketList = "coc:ticket:list";
    public const string TicketAction = "coc:ticket:action";
    public const string TicketHistories = "coc:ticket:getOperationHistories";
    public const string TicketUpload = "coc:ticket:uploadFile";
    /// <summary>The v2 tasks of a ticket (v2.md).</summary>
    public const string TicketListActions = "coc:ticket:listActions";
    public const string WarRoomCreate = "coc:warroom:create";
    public const string WarRoomList = "coc:warroom:list";
    /// <summary>Lets a credential bound to a person name another person as operator or creator.</summary>
    public const string TicketActForOthers = "coc:ticket:actForOthers";
    public const string Admin = "coc:admin";
    public const string AlarmGet = "coc:alarm:get";
    public const string AlarmClear = "coc:alarm:clear";
    public const string AlarmHandleHistories = "coc:alarm:listHandleHistories";
    public const string AlarmLinkIncident = "coc:alarm:createAlarmLinkedIncident";
    /// <summary>Ours: the alarm list.</summary>
    public const string AlarmList = "coc:alarm:list";
    /// <summary>An alarm's auto-process (alarms.md): COC's action name for running a document.</summary>
    public const string InstanceExecuteDocument = "coc:instance:executeDocument";
    public const string AllAlarm = "coc:alarm:*";
    public const string All = "coc:*";
    public const string AllTicket = "coc:ticket:*";

    public static readonly IReadOnlyList<string> Actions =
        [TicketCreate, TicketGet, TicketList, TicketAction, TicketHistories, TicketUpload, TicketActForOthers, Admin,
         AlarmGet, AlarmClear, AlarmHandleHistories, AlarmLinkIncident, AlarmList, InstanceExecuteDocument,
         TicketListActions, WarRoomCreate, WarRoomList];

    public static bool Grants(IEnumerable<string> held, string action) => held.Any(h => Matches(h, action));

    private static bool Matches(string pattern, string action) =>
        pattern == action
        || (pattern.EndsWith(":*", StringComparison.Ordinal)
            && action.StartsWith(pattern[..^1], StringComparison.Ordinal));

    /// <summary>Validates a permission list given by an administrator.</summary>
    public static IReadOnlyList<string> Parse(string? csv)
    {
        var list = (csv ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var p in list)
            if (p != All && p != AllTicket && p != AllAlarm && !Actions.Contains(p))
                throw new ArgumentException($"unknown permission {p}; known: {string.Join(", ", [.. Actions, All, AllTicket, AllAlarm])}");
        return list;
    }
}
