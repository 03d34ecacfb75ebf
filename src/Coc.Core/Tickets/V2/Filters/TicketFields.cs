namespace Coc.Core.Tickets.V2.Filters;

/// <summary>The ticket fields the v2 list filters and sorts on (v2.md, List: the fields table).</summary>
public static class TicketFields
{
    public static readonly IReadOnlyList<FilterField> All =
    [
        new("ticket_id", FieldKind.Id, Sortable: true),
        new("title", FieldKind.Text),
        new("description", FieldKind.Text),
        new("level_id", FieldKind.Key, Sortable: true),
        new("mtm_type", FieldKind.Key),
        new("source_id", FieldKind.Key),
        new("work_flow_status", FieldKind.Key),
        new("incident_ownership", FieldKind.Key),
        new("assignee", FieldKind.Key),
        new("creator", FieldKind.Key),
        new("operator", FieldKind.Key),
        new("current_cloud_service_id", FieldKind.Key),
        new("enterprise_project_id", FieldKind.Key),
        new("mtm_region", FieldKind.Key),
        new("forward_rule_id", FieldKind.Key),
        new("is_service_interrupt", FieldKind.Boolean),
        new("create_time", FieldKind.Time, Sortable: true),
        new("update_time", FieldKind.Time, Sortable: true),
        new("start_time", FieldKind.Time, Sortable: true),
        new("handle_time", FieldKind.Time, Sortable: true),
    ];
}
