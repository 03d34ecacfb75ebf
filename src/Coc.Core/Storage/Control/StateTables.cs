namespace Coc.Core.Storage.Control;

/// <summary>How a column travels in a project export: as text, a 64-bit integer, a boolean or base64 bytes.</summary>
public enum ColumnKind { Text, Long, Bool, Bytes }

public sealed record StateColumn(string Name, ColumnKind Kind);

/// <summary>
/// One table of a project's state, as the control plane resets, exports and imports it (control.md). <see cref="Scope"/>
/// selects the project's rows (<c>@p</c> is the project id); <see cref="Columns"/> are the columns an export carries
/// (auto-numbered ids are left out and given anew on import; webhook secrets are never exported).
/// </summary>
public sealed record StateTable(string Name, string Scope, IReadOnlyList<StateColumn> Columns, string OrderBy)
{
    public string Select => $"SELECT {string.Join(", ", Columns.Select(c => c.Name))} FROM {Name} WHERE {Scope} ORDER BY {OrderBy}";
}

/// <summary>The tables of the schema (<see cref="Schema"/>) a reset empties, in an order that deletes dependents first.</summary>
public static class StateTables
{
    private static StateColumn T(string name) => new(name, ColumnKind.Text);
    private static StateColumn L(string name) => new(name, ColumnKind.Long);
    private static StateColumn B(string name) => new(name, ColumnKind.Bool);

    private const string ByProject = "project = @p";

    public static readonly StateTable Tickets = new("tickets", ByProject,
        [T("number"), T("project"), T("status"), T("level"), T("assignee"), T("creator"), T("title"), T("description"), L("create_time"),
         L("version"), T("state"), T("incident_type"), T("source"), T("ownership"), T("last_operator"), T("cloud_service"),
         T("enterprise_project"), T("region"), T("forward_rule_id"), B("service_interrupt"), L("update_time"), L("start_time"), L("handle_time")],
        "create_time, number");

    public static readonly StateTable Histories = new("ticket_history", ByProject,
        [T("project"), T("number"), L("seq"), T("action"), T("operator"), L("at"), T("from_status"), T("to_status"), T("parameter"),
         T("change"), T("principal")], "id");

    public static readonly StateTable WarRooms = new("war_rooms", ByProject,
        [T("num"), T("project"), T("number"), L("create_time"), L("close_time"), T("setup")], "id");

    public static readonly StateTable Attachments = new("attachments", ByProject,
        [T("doc_id"), T("project"), T("number"), T("doc_name"), T("content_type"), L("size"), L("uploaded_at")], "uploaded_at, doc_id");

    public static readonly StateTable AttachmentContent = new("attachment_content",
        "doc_id IN (SELECT doc_id FROM attachments WHERE project = @p)", [T("doc_id"), new("content", ColumnKind.Bytes)], "doc_id");

    public static readonly StateTable Integrations = new("integrations", ByProject,
        [T("id"), T("project"), T("name"), T("type"), B("enabled"), T("key_hash"), T("key_hint"), T("transfer_rule"), L("created_at"),
         L("updated_at"), L("last_event_at")], "created_at, id");

    public static readonly StateTable Alarms = new("alarms", ByProject,
        [T("id"), T("project"), T("integration_id"), T("source_key"), T("group_key"), T("status"), T("importance"), T("name"),
         T("description"), T("incident_num"), L("create_time"), T("state")], "create_time, id");

    public static readonly StateTable AlarmHandleEntries = new("alarm_handle_entries",
        "alarm_id IN (SELECT id FROM alarms WHERE project = @p)", [T("alarm_id"), T("entry")], "id");

    /// <summary>Without <c>secret</c>, <c>previous_secret</c>: an imported subscription gets a new secret.</summary>
    public static readonly StateTable Webhooks = new("webhooks", ByProject,
        [T("id"), T("project"), T("url"), T("event_types"), T("description"), B("enabled"), T("disabled_reason"), L("failing_since"),
         L("created_at"), L("updated_at")], "created_at, id");

    /// <summary>What an export carries, in the order an import inserts it.</summary>
    public static readonly IReadOnlyList<StateTable> Exported =
        [Tickets, Histories, WarRooms, Attachments, AttachmentContent, Integrations, Alarms, AlarmHandleEntries, Webhooks];

    /// <summary>Every table of a project's state, dependents first: what a reset of one project deletes.</summary>
    public static readonly IReadOnlyList<(string Table, string Scope)> ProjectScoped =
    [
        ("webhook_attempts", "webhook_id IN (SELECT id FROM webhooks WHERE project = @p)"),
        ("webhook_deliveries", "webhook_id IN (SELECT id FROM webhooks WHERE project = @p)"),
        ("webhooks", ByProject),
        ("events", ByProject),
        ("alarm_handle_entries", AlarmHandleEntries.Scope),
        ("alarms", ByProject),
        ("integrations", ByProject),
        ("attachment_content", AttachmentContent.Scope),
        ("attachments", ByProject),
        ("war_rooms", ByProject),
        ("idempotency_keys", ByProject),
        ("project_ticket_counts", ByProject),
        ("ticket_status_counts", ByProject),
        ("ticket_history", ByProject),
        ("tickets", ByProject),
    ];

    /// <summary>The credentials a full reset deletes only when asked to (projects and domains are always kept).</summary>
    public static readonly IReadOnlyList<string> Credentials = ["tokens", "users", "access_keys"];
}
