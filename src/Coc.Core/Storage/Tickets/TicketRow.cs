using Coc.Core.Json;
using Coc.Core.Tickets;

namespace Coc.Core.Storage.Tickets;

/// <summary>The row of a ticket as its latest history entry leaves it: the v2 list's columns beside the state.</summary>
internal sealed record TicketRow(
    string Number, string Project, string Status, string Level, string? Assignee, string Creator, string Title,
    string? Description, long CreateTime, int Version, string State, string Type, string Source, string? Ownership,
    string LastOperator, string? CloudService, string? EnterpriseProject, string? Region, string? ForwardRuleId, bool ServiceInterrupt,
    long UpdateTime, long? StartTime, long? HandleTime)
{
    public static TicketRow Of(Ticket t, HistoryEntry latest) => new(
        t.Number, t.Project, t.Status, t.Level, t.CurrentAssignee, t.Creator, t.Title, t.Description, t.CreateTime, t.Version,
        StorageJsonContext.Serialize(t), t.Type, t.Source, t.Ownership, latest.Operator, JsonFields.FirstValue(t.CurrentCloudService),
        JsonFields.FirstValue(t.EnterpriseProject), JsonFields.FirstValue(t.Region), t.ForwardRuleId, t.IsServiceInterrupt,
        latest.At, t.StartTime, t.HandleTime);

    /// <summary>Every column's parameter, named as in the statements of <see cref="SqlTicketStore"/>.</summary>
    public (string Name, object? Value)[] Parameters() =>
    [
        ("Number", Number), ("Project", Project), ("Status", Status), ("Level", Level), ("Assignee", Assignee), ("Creator", Creator),
        ("Title", Title), ("Description", Description), ("CreateTime", CreateTime), ("Version", Version), ("State", State), ("Type", Type),
        ("Source", Source), ("Ownership", Ownership), ("LastOperator", LastOperator), ("CloudService", CloudService),
        ("EnterpriseProject", EnterpriseProject), ("Region", Region), ("ForwardRuleId", ForwardRuleId), ("ServiceInterrupt", ServiceInterrupt),
        ("UpdateTime", UpdateTime), ("StartTime", StartTime), ("HandleTime", HandleTime),
    ];
}
