using System.Text.Json;
using Coc.Core.Errors;
using Coc.Core.Storage;
using Coc.Core.Tickets;
using Coc.Core.Webhooks;

namespace Coc.Core.Alarms;

/// <summary>
/// Events in, converged alarms, incidents out (alarms.md). Every request is validated before its one write; the write
/// applies the events in order, converges them (a unique index keeps one alarming alarm per identity) and runs the
/// integration's transfer rule, so alarms, incidents and every history entry commit together or not at all.
/// </summary>
public sealed class AlarmService(
    IAlarmStore store, TicketRules rules, TicketNumbers numbers, TimeProvider clock, TicketMetrics? metrics = null, AlarmMetrics? alarmMetrics = null)
{
    /// <summary>The operator of the history entries the alarm pipeline writes on incidents.</summary>
    public const string SystemOperator = "coc-alarm";

    public TicketRules Rules => rules;

    /// <summary>Where ingestion counts payloads refused before they are applied (null when metrics are off).</summary>
    public AlarmMetrics? Metrics => alarmMetrics;
    public long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Applies a validated payload of <paramref name="integration"/> in one transaction. The integration is
    /// checked first, inside the transaction, against its row (it may come from a cache): if another request or another
    /// instance changed it since it was read, nothing is applied and <see cref="IntegrationChangedException"/> is thrown.</summary>
    public async Task IngestAsync(Integration integration, IReadOnlyList<AlarmEvent> events, CancellationToken ct = default)
    {
        var (created, counts) = await store.WriteAsync<(IReadOnlyList<Ticket>, ReceivedCounts)>(async w =>
        {
            var now = Now;
            var incidents = new List<Ticket>(); // per attempt: a retried write starts again
            var counts = new ReceivedCounts();

            if (!await w.TouchIntegrationAsync(integration, now)) throw new IntegrationChangedException();
            // One lookup for the payload; then the events in order, each seeing what the ones before it did.
            var open = await w.FindOpenAlarmsAsync(integration.Id, [.. events.Select(e => e.SourceKey).Distinct()]);
            var resolvedIncidents = new List<string>();
            foreach (var e in events)
            {
                var current = open.GetValueOrDefault(e.SourceKey);
                if (e.Firing)
                {
                    var alarm = current is null ? Opened(integration, e, now) : Converged(current, e, now);
                    if (current is null) { await w.InsertAlarmAsync(alarm); counts.Created++; }
                    else { await w.UpdateAlarmAsync(alarm, current); counts.Converged++; }
                    await EmitAsync(w, current is null ? EventTypes.AlarmCreated : EventTypes.AlarmConverged, alarm, now);
                    if (alarm.IncidentNum is null && integration.Rule.AutoIncidentImportances.Contains(alarm.Importance))
                    {
                        alarm = await AutoTransferAsync(w, integration, alarm, now, incidents);
                        if (alarm.IncidentNum is not null) await EmitAsync(w, EventTypes.AlarmLinked, alarm, now);
                    }
                    open[e.SourceKey] = alarm;
                }
                else if (current is not null)
                {
                    var resolved = current with
                    {
                        Status = Alarm.Resolved, ResolvedTime = e.EndedAt ?? now, ResolvedBy = Alarm.BySource,
                        ResolvedByName = integration.Name, UpdateTime = now,
                    };
                    await w.UpdateAlarmAsync(resolved, current);
                    counts.Resolved++;
                    await EmitAsync(w, EventTypes.AlarmResolved, resolved, now);
                    open.Remove(e.SourceKey);
                    if (resolved.IncidentNum is { } number && !resolvedIncidents.Contains(number)) resolvedIncidents.Add(number);
                }
                else counts.Ignored++;
            }
            foreach (var number in resolvedIncidents) await NoteAllResolvedAsync(w, integration.Project, number, integration.Principal, now);
            return (incidents, counts);
        }, ct);
        foreach (var incident in created) metrics?.Created(incident); // after the commit, as TicketService counts creates
        counts.RecordOn(alarmMetrics, integration.Type);
    }

    /// <summary>The change's event, in the change's transaction.</summary>
    private Task EmitAsync(IAlarmWrite w, string type, Alarm alarm, long now) =>
        w.EnqueueAsync(AlarmEvents.Of(type, alarm, rules.Reference.Directory, now));

    private Alarm Opened(Integration integration, AlarmEvent e, long now)
    {
        var rule = integration.Rule;
        return new Alarm
        {
            Id = numbers.NewAlarmId(now),
            Project = integration.Project,
            IntegrationId = integration.Id,
            IntegrationType = integration.Type,
            IntegrationName = integration.Name,
            SourceKey = e.SourceKey,
            GroupKey = e.GroupKey,
            Name = e.Name,
            Importance = e.Importance,
            ComeFrom = e.ComeFrom,
            App = e.Application,
            Status = Alarm.Alarming,
            Owner = rule.Assignee ?? (rule.AssigneeScene is { } scene && rule.AssigneeRole is { } role ? rules.Reference.Directory.OnDuty(scene, role) : null),
            ConvergeCount = 1,
            CreateTime = now,
            UpdateTime = now,
            Region = e.Region,
            Labels = e.Labels,
            Annotations = e.Annotations,
            Description = e.Description,
            Namespace = e.Namespace,
            ResourceId = e.ResourceId,
            ResourceName = e.ResourceName,
            Url = e.Url,
            AdditionalJson = e.AdditionalJson,
            FirstOccurTime = e.OccurredAt,
            LastOccurTime = e.OccurredAt,
            TruncatedAlerts = e.TruncatedAlerts,
        };
    }

    /// <summary>A repeat while alarming: one more delivery counted, the latest content kept.</summary>
    private static Alarm Converged(Alarm open, AlarmEvent e, long now) => open with
    {
        ConvergeCount = Math.Min(open.ConvergeCount + 1, Alarm.MaxConvergeCount),
        LastOccurTime = now,
        Labels = e.Labels,
        Annotations = e.Annotations,
        Name = e.Name,
        Description = e.Description,
        Importance = e.Importance,
        App = e.Application ?? open.App,
        Region = e.Region ?? open.Region,
        ResourceId = e.ResourceId ?? open.ResourceId,
        ResourceName = e.ResourceName ?? open.ResourceName,
        Url = e.Url ?? open.Url,
        AdditionalJson = e.AdditionalJson ?? open.AdditionalJson,
        TruncatedAlerts = e.TruncatedAlerts,
        UpdateTime = now,
    };

    /// <summary>The rule's transfer of an alarming, unlinked alarm: link it to its group's incident, or create one. A
    /// create the rules refuse leaves the alarm unlinked with a FAILED entry (again only when the reason changes).
    /// Returns the alarm as it was written.</summary>
    private async Task<Alarm> AutoTransferAsync(IAlarmWrite w, Integration integration, Alarm alarm, long now, List<Ticket> created)
    {
        if (await w.GroupIncidentAsync(integration.Id, alarm.GroupKey) is { } incident)
            return await LinkAsync(w, incident, alarm, integration.Principal, now);
        Ticket ticket;
        try
        {
            ticket = IncidentFromRule(integration, alarm, now);
        }
        catch (CocException refused) when (refused.HttpStatus == 400)
        {
            if (alarm.TransferFailure == refused.Message) return alarm;
            var failed = alarm with { TransferFailure = refused.Message };
            await w.UpdateAlarmAsync(failed);
            await w.AddEntryAsync(alarm.Id, TransferEntry(null, AlarmHandleEntry.Failed, refused.Message, now, integration.Name));
            return failed;
        }
        await w.CreateTicketAsync(ticket, HistoryEntry.Creation(ticket, integration.Principal));
        created.Add(ticket);
        var linked = alarm with { IncidentNum = ticket.Number, LinkedAt = now, TransferFailure = null, UpdateTime = now };
        await w.UpdateAlarmAsync(linked);
        await w.AddEntryAsync(alarm.Id, TransferEntry(ticket.Number, AlarmHandleEntry.Finished, null, now, integration.Name));
        return linked;
    }

    private Ticket IncidentFromRule(Integration integration, Alarm alarm, long now)
    {
        var rule = integration.Rule;
        var prometheus = integration.Type == IntegrationTypes.Prometheus;
        var level = rule.LevelMap.GetValueOrDefault(alarm.Importance) ?? TransferRule.DefaultLevelMap[alarm.Importance];
        var title = AlarmTemplates.Render(rule.TitleTemplate ?? (prometheus ? AlarmTemplates.PrometheusTitle : AlarmTemplates.CustomTitle), alarm, FieldLimits.Title);
        if (string.IsNullOrWhiteSpace(title) || title.All(ch => ch is ':' or ' ')) title = alarm.Name.Length > FieldLimits.Title ? alarm.Name[..FieldLimits.Title] : alarm.Name;
        var description = AlarmTemplates.Render(rule.DescriptionTemplate ?? (prometheus ? AlarmTemplates.PrometheusDescription : AlarmTemplates.CustomDescription),
            alarm, FieldLimits.Description);
        IReadOnlyList<string> region = alarm.Region is { Length: > 0 } r ? [r.Length > FieldLimits.Text ? r[..FieldLimits.Text] : r] : [];
        IReadOnlyList<string> application = alarm.App is { Length: > 0 } app ? [app.Length > FieldLimits.Text ? app[..FieldLimits.Text] : app] : [];
        var assignee = rules.ResolveAssignee(rule.Assignee is null ? null : [rule.Assignee], rule.AssigneeScene, rule.AssigneeRole,
            "transfer_rule.assignee", "transfer_rule.assignee_scene", "transfer_rule.assignee_role");
        var needsWarRoom = rules.NeedsWarRoom(level, application, region, "region");
        return new Ticket
        {
            Number = numbers.NewTicketNumber(now),
            Project = integration.Project,
            Status = TicketStatus.Triggered,
            Level = level,
            Type = rule.IncidentType,
            Source = "incident_source_alarm",
            Title = title,
            Description = description.Length > 0 ? description : null,
            IsServiceInterrupt = false,
            Region = region,
            EnterpriseProject = [rule.EnterpriseProject],
            CurrentCloudService = application,
            Assignee = assignee.Assignee,
            AssigneeScene = rule.AssigneeScene,
            AssigneeRole = rule.AssigneeRole,
            Ownership = "incident_ownership_alarm",
            Creator = rule.Creator ?? SystemOperator,
            WarroomId = needsWarRoom ? numbers.NewWarRoomId(now) : null,
            CreateTime = now,
            StartTime = Math.Min(alarm.FirstOccurTime, now),
            Version = 1,
            HasAlarms = true,
            ForwardRuleId = integration.Id,
        };
    }

    /// <summary>Links an alarm to an open incident: an <c>alarm_linked</c> entry on the incident, TRANSFER on the alarm.</summary>
    private static async Task<Alarm> LinkAsync(IAlarmWrite w, Ticket incident, Alarm alarm, string principal, long now)
    {
        await AppendAsync(w, incident, ActionNames.AlarmLinkedAction, new AlarmLinked(alarm.Id, alarm.Name), principal, now);
        var linked = alarm with { IncidentNum = incident.Number, LinkedAt = now, TransferFailure = null, UpdateTime = now };
        await w.UpdateAlarmAsync(linked);
        await w.AddEntryAsync(alarm.Id, TransferEntry(incident.Number, AlarmHandleEntry.Finished, null, now, principal));
        return linked;
    }

    /// <summary>When every alarm linked to the open incident is resolved: one <c>alarms_resolved</c> entry.</summary>
    private static async Task NoteAllResolvedAsync(IAlarmWrite w, string project, string number, string principal, long now)
    {
        var statuses = await w.LinkedAlarmStatusesAsync(project, number);
        if (statuses.Count == 0 || statuses.Any(s => s == Alarm.Alarming)) return;
        if (await w.FindTicketAsync(project, number) is not { } ticket || ticket.Status == TicketStatus.Completed) return;
        await AppendAsync(w, ticket, ActionNames.AlarmsResolvedAction, new AlarmsResolved(statuses.Count), principal, now);
    }

    private static async Task AppendAsync(IAlarmWrite w, Ticket ticket, string action, TicketChange change, string principal, long now)
    {
        var entry = new HistoryEntry
        {
            TicketNumber = ticket.Number, Project = ticket.Project, Seq = ticket.Version + 1, Action = action, Operator = SystemOperator,
            Principal = principal, At = now, FromStatus = ticket.Status, ToStatus = ticket.Status, Change = change,
        };
        await w.ApplyTicketAsync(ticket, TicketEvolution.Apply(ticket, entry), entry);
    }

    private static AlarmHandleEntry TransferEntry(string? incident, string status, string? message, long now, string by) => new()
    {
        CreateName = by, TaskType = AlarmHandleEntry.Transfer, StartTime = now, EndTime = now, Status = status,
        AssociatedTaskId = incident, Message = message,
    };

    // The alarm API (callers act in their project; another project's alarm answers as a missing one).

    public async Task<Alarm> GetAsync(string project, string id, CancellationToken ct = default)
    {
        AlarmIds.CheckPathId(id);
        return await store.FindAlarmAsync(project, id, ct) ?? throw CocErrors.AlarmNotFound(id);
    }

    public async Task<(Alarm Alarm, AlarmHistoryPage Page)> HandleHistoryAsync(string project, string id, long offset, int limit, CancellationToken ct = default)
    {
        var alarm = await GetAsync(project, id, ct);
        return (alarm, await store.HandleHistoryAsync(id, offset, limit, ct));
    }

    public Task<AlarmPage> ListAsync(string project, AlarmQuery query, CancellationToken ct = default) => store.ListAlarmsAsync(project, query, ct);

    public Task<IReadOnlyList<Alarm>> AlarmsOfIncidentAsync(string project, string number, CancellationToken ct = default) =>
        store.AlarmsOfIncidentAsync(project, number, ct);

    /// <summary>Clears the caller's alarms: the alarming ones (in request order) become resolved by hand.</summary>
    public Task<IReadOnlyList<string>> ClearAsync(string project, JsonElement body, string actor, string principal, CancellationToken ct = default)
    {
        var request = ClearRequest.Parse(body);
        return store.WriteAsync<IReadOnlyList<string>>(async w =>
        {
            var now = Now;
            var alarms = await AllOfCallerAsync(w, project, request.AlarmIds);
            var cleared = new List<string>();
            var incidents = new List<string>();
            foreach (var alarm in alarms.Where(a => a.IsAlarming))
            {
                var resolved = alarm with
                {
                    Status = Alarm.Resolved, ResolvedTime = now, ResolvedBy = Alarm.Manually, ResolvedByName = actor,
                    Remarks = request.Remarks, ClearInfo = request.Info, UpdateTime = now,
                };
                await w.UpdateAlarmAsync(resolved);
                await EmitAsync(w, EventTypes.AlarmResolved, resolved, now);
                cleared.Add(alarm.Id);
                if (alarm.IncidentNum is { } n && !incidents.Contains(n)) incidents.Add(n);
            }
            foreach (var number in incidents) await NoteAllResolvedAsync(w, project, number, principal, now);
            return cleared;
        }, ct);
    }

    /// <summary>Records an auto-process request (nothing is executed) and returns its work-order id.</summary>
    public async Task<string> AutoProcessAsync(string project, string id, JsonElement body, string actor, CancellationToken ct = default)
    {
        AlarmIds.CheckPathId(id);
        var request = AutoProcessRequest.Parse(body);
        return await store.WriteAsync(async w =>
        {
            var now = Now;
            var alarm = (await AllOfCallerAsync(w, project, [id]))[0];
            var workOrder = numbers.NewWorkOrderId(now);
            await w.UpdateAlarmAsync(alarm with
            {
                TaskType = request.TaskType, AssociatedTaskType = request.TaskKind, AssociatedTaskId = request.TaskId,
                AssociatedTaskName = request.TaskName, UpdateTime = now,
            });
            await w.AddEntryAsync(id, new AlarmHandleEntry
            {
                WorkOrderId = workOrder, CreateName = actor, TaskType = request.TaskType, StartTime = now, EndTime = now,
                Status = AlarmHandleEntry.Recorded, AssociatedTaskId = request.TaskId, AssociatedTaskName = request.TaskName,
                AssociatedTaskType = request.TaskKind, SubTaskInfoJson = request.SubTaskInfoJson,
            });
            return workOrder;
        }, ct);
    }

    /// <summary>Creates an incident for the caller's alarms (api.md create rules) and links them, in one transaction.</summary>
    public async Task<(IReadOnlyList<string> AlarmIds, string IncidentNum)> LinkToNewIncidentAsync(
        string project, JsonElement body, string creator, string principal, CancellationToken ct = default)
    {
        var request = LinkIncidentRequest.Parse(body, rules, project, creator, Now);
        var (ids, incident) = await store.WriteAsync<(IReadOnlyList<string>, Ticket)>(async w =>
        {
            var now = Now;
            var alarms = await AllOfCallerAsync(w, project, request.AlarmIds);
            foreach (var alarm in alarms.Where(a => a.IncidentNum is not null))
            {
                var linked = await w.FindTicketAsync(project, alarm.IncidentNum!);
                if (linked is not null && linked.Status != TicketStatus.Completed)
                    throw CocErrors.NotAllowed($"alarm {alarm.Id} is already linked to incident {linked.Number}, which is not completed");
            }
            var ticket = request.Create.Draft with
            {
                Number = numbers.NewTicketNumber(now),
                WarroomId = request.Create.NeedsWarRoom ? numbers.NewWarRoomId(now) : null,
                CreateTime = now,
                Version = 1,
            };
            await w.CreateTicketAsync(ticket, HistoryEntry.Creation(ticket, principal), request.Attachments);
            foreach (var alarm in alarms)
            {
                var linked = alarm with { IncidentNum = ticket.Number, LinkedAt = now, UpdateTime = now };
                await w.UpdateAlarmAsync(linked);
                await EmitAsync(w, EventTypes.AlarmLinked, linked, now);
                await w.AddEntryAsync(alarm.Id, TransferEntry(ticket.Number, AlarmHandleEntry.Finished, null, now, creator));
            }
            return (alarms.Select(a => a.Id).ToList(), ticket);
        }, ct);
        metrics?.Created(incident);
        return (ids, incident.Number);
    }

    /// <summary>The alarms, in request order, each of the caller's project; the first that is not: 400 naming it.</summary>
    private static async Task<IReadOnlyList<Alarm>> AllOfCallerAsync(IAlarmWrite w, string project, IReadOnlyList<string> ids)
    {
        var found = (await w.FindAlarmsAsync(project, ids)).ToDictionary(a => a.Id, StringComparer.Ordinal);
        return [.. ids.Select(id => found.TryGetValue(id, out var a) ? a : throw CocErrors.AlarmNotFound(id))];
    }
}
