using Coc.Core.Alarms;
using Coc.Core.Storage.Outbox;
using Coc.Core.Tickets;

namespace Coc.Core.Storage;

/// <summary>Integrations, alarms and their handle histories. A delivery or an alarm request is one
/// <see cref="WriteAsync{T}"/>: its alarms, the incidents they create or touch and every history entry commit together.</summary>
public interface IAlarmStore
{
    /// <summary>False when the project already has an integration of that name.</summary>
    Task<bool> InsertIntegrationAsync(Integration integration, CancellationToken ct = default);

    /// <summary>False when another integration of the project has the new name.</summary>
    Task<bool> UpdateIntegrationAsync(Integration integration, CancellationToken ct = default);

    Task<Integration?> FindIntegrationByKeyHashAsync(string keyHash, CancellationToken ct = default);
    /// <summary>The integration with that id in <paramref name="project"/> (null: in any project, for the admin CLI).</summary>
    Task<Integration?> FindIntegrationAsync(string? project, string id, CancellationToken ct = default);
    Task<IReadOnlyList<Integration>> ListIntegrationsAsync(string project, CancellationToken ct = default);

    Task<Alarm?> FindAlarmAsync(string project, string id, CancellationToken ct = default);
    Task<AlarmHistoryPage> HandleHistoryAsync(string alarmId, long offset, int limit, CancellationToken ct = default);
    Task<AlarmPage> ListAlarmsAsync(string project, AlarmQuery query, CancellationToken ct = default);

    /// <summary>The alarms linked to an incident, in linking order.</summary>
    Task<IReadOnlyList<Alarm>> AlarmsOfIncidentAsync(string project, string number, CancellationToken ct = default);

    /// <summary>Runs <paramref name="work"/> in one transaction; it is run again (a few times) when it lost a race: a
    /// concurrent delivery opened the same alarm, took a generated number, or changed a ticket it touches.</summary>
    Task<T> WriteAsync<T>(Func<IAlarmWrite, Task<T>> work, CancellationToken ct = default);
}

/// <summary>What a write sees and does, inside its transaction; rows it reads to change are locked where the engine can.</summary>
public interface IAlarmWrite
{
    /// <summary>The alarming alarms of the integration with those source keys, by source key (one query).</summary>
    Task<Dictionary<string, Alarm>> FindOpenAlarmsAsync(string integrationId, IReadOnlyCollection<string> sourceKeys);
    Task<IReadOnlyList<Alarm>> FindAlarmsAsync(string project, IReadOnlyCollection<string> ids);
    Task InsertAlarmAsync(Alarm alarm);
    /// <summary>Writes the alarm; with <paramref name="before"/> (the alarm as read in this write) only what changed.</summary>
    Task UpdateAlarmAsync(Alarm alarm, Alarm? before = null);
    Task AddEntryAsync(string alarmId, AlarmHandleEntry entry);

    /// <summary>The newest incident, not COMPLETED, linked to an alarm of the group.</summary>
    Task<Ticket?> GroupIncidentAsync(string integrationId, string groupKey);
    Task<Ticket?> FindTicketAsync(string project, string number);

    /// <summary>The statuses of the alarms linked to the incident.</summary>
    Task<IReadOnlyList<string>> LinkedAlarmStatusesAsync(string project, string number);
    /// <summary>A new incident with its creation entry; <paramref name="attachments"/> are linked to it as a ReOpen links them.</summary>
    Task CreateTicketAsync(Ticket ticket, HistoryEntry created, IReadOnlyList<string>? attachments = null);
    Task ApplyTicketAsync(Ticket before, Ticket after, HistoryEntry entry);
    /// <summary>False when the integration's row is no longer as given (disabled, re-keyed, renamed, re-ruled or gone);
    /// otherwise records a delivery at <paramref name="at"/> in <c>last_event_at</c>, unless one was recorded less than a
    /// second before.</summary>
    Task<bool> TouchIntegrationAsync(Integration integration, long at);
    /// <summary>Puts an event of this write into the outbox (<see cref="Outbox.Outbox"/>): it commits or rolls back with the write.</summary>
    Task EnqueueAsync(OutboxEvent e);
}

public sealed record AlarmHistoryPage(long Count, IReadOnlyList<AlarmHandleEntry> Entries);

public sealed record AlarmQuery
{
    public long Offset { get; init; }
    public int Limit { get; init; } = 50;
    public string? Status { get; init; }
    public IReadOnlyList<string>? Importances { get; init; }
    public string? IntegrationId { get; init; }
    public string? IncidentNum { get; init; }
    public string? Text { get; init; }
    public long? CreatedAfter { get; init; }
    public long? CreatedBefore { get; init; }
}

public sealed record AlarmPage(long Count, IReadOnlyList<Alarm> Alarms);
