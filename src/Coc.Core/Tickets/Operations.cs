using Coc.Core.Errors;
using Coc.Core.Json;

namespace Coc.Core.Tickets;

/// <summary>
/// Validates an operation's <c>parameter</c> for the workflow row that allowed it and resolves it into a
/// <see cref="TicketChange"/> (workflow.md, Operations: the parameter column).
/// </summary>
public static class Operations
{
    private const int CommentMax = FieldLimits.Comment;
    private const int SolutionMax = FieldLimits.Solution;
    private const int AttachmentIdsMax = FieldLimits.AttachmentIds;

    public static TicketChange Decide(
        WorkflowRule rule, Ticket t, JsonFields p, long now, TicketRules rules, Func<string> newWarRoomId)
    {
        var catalog = rules.Reference.Catalog;
        switch (rule.OperateKey)
        {
            case OperateKeys.Accept:
                return new Accepted();

            case OperateKeys.CommitSolution:
            {
                var type = p.RequiredKey("mtm_type", catalog.Types.Contains);
                var interrupt = p.RequiredBoolean("is_service_interrupt");
                var cause = p.RequiredText("cause", SolutionMax);
                var solution = p.RequiredText("solution", SolutionMax);
                var start = p.OptionalTime("start_time");
                var recovery = p.OptionalTime("fault_recovery_time");
                rules.CheckStartTime(p.Name("start_time"), start, now);
                // recovery ≥ start holds for the values the ticket will have, whichever of the two is sent.
                if ((recovery ?? t.FaultRecoveryTime) < (start ?? t.StartTime))
                    throw CocErrors.Invalid(recovery is null
                        ? $"{p.Name("start_time")} must not be after the stored fault recovery time"
                        : $"{p.Name("fault_recovery_time")} must not be before the start time");
                var docs = p.OptionalStringArray("resolve_attachments", AttachmentIdsMax) ?? [];
                return new SolutionSubmitted(type, interrupt, cause, solution, start, recovery, docs);
            }

            case OperateKeys.Confirm:
                return new Confirmed(p.RequiredBoolean("virtual_confirm_result"),
                    p.RequiredText("virtual_confirm_comment", CommentMax));

            case OperateKeys.Forward:
            {
                var person = p.OptionalString("virtual_send_assignee");
                var scene = p.OptionalString("virtual_schedule_type");
                var role = p.OptionalString("virtual_schedule_role");
                var choice = rules.ResolveAssignee(person is null ? null : [person], scene, role,
                    p.Name("virtual_send_assignee"), p.Name("virtual_schedule_type"), p.Name("virtual_schedule_role"));
                var target = choice.Assignee[0];
                if (target == t.CurrentAssignee)
                    throw CocErrors.Invalid($"{p.Name("virtual_send_assignee")}: the ticket is already assigned to {target}");
                return new Forwarded(target, NullIfEmpty(scene), NullIfEmpty(role),
                    p.OptionalText("virtual_send_comment", CommentMax), p.OptionalText("virtual_current_location_info", CommentMax));
            }

            case OperateKeys.Pause:
            {
                var reason = p.RequiredText("pause_reason", CommentMax);
                var endTime = p.RequiredTime("pause_end_time");
                if (endTime <= now) throw CocErrors.Invalid($"{p.Name("pause_end_time")} must be in the future");
                return new PauseRequested(reason, endTime);
            }

            case OperateKeys.ChangeLevel:
            {
                var target = p.RequiredKey("virtual_target_level", catalog.Levels.Contains);
                var comment = p.RequiredText("virtual_change_level_comment", CommentMax);
                if (target == t.Level)
                    throw CocErrors.Invalid($"{p.Name("virtual_target_level")} must differ from the current level {t.Level}");
                var escalation = catalog.IsMoreUrgent(target, t.Level);
                // An escalation that matches a rule starts a WarRoom even without a region (api.md, WarRoom).
                var warRoom = escalation && t.WarroomId is null
                    && rules.Reference.WarRoomRuleMatches(target, t.CurrentCloudService, JsonFields.FirstValue(t.Region))
                    ? newWarRoomId() : null;
                return new LevelChanged(target, comment, escalation, warRoom);
            }

            case OperateKeys.Agreed:
                // A situation check (409) comes before the parameter checks (400), as for every operation.
                if (t.Pending is { Type: PendingRequest.PauseType, PauseEndTime: { } end } && end <= now)
                    throw CocErrors.NotAllowed("the requested pause has already ended; it can no longer be approved");
                CheckConclusion(p, expected: true);
                return new Approved(p.OptionalText("note", CommentMax));

            case OperateKeys.Rejected when t.Pending is not null:
                CheckConclusion(p, expected: false);
                return new Refused(p.OptionalText("note", CommentMax));

            case OperateKeys.Rejected:
                return new Refused(p.RequiredText("virtual_confirm_comment", CommentMax));

            case OperateKeys.Recovery:
                return new Recovered(p.OptionalText("note", CommentMax));

            case OperateKeys.ReOpen:
                return Reopen(t, p, now, rules, newWarRoomId);

            case OperateKeys.AddRemark:
                return new RemarkAdded(p.RequiredText("note", CommentMax));

            default:
                throw new InvalidOperationException($"workflow row {rule.OperateKey} has no parameter rules");
        }
    }

    private static Reopened Reopen(Ticket t, JsonFields p, long now, TicketRules rules, Func<string> newWarRoomId)
    {
        var catalog = rules.Reference.Catalog;
        var title = p.OptionalString("title", FieldLimits.Title);
        if (title is not null) rules.CheckTitle(p.Name("title"), title);
        var startTime = p.OptionalTime("start_time");
        rules.CheckStartTime(p.Name("start_time"), startTime, now);
        var assignee = p.OptionalStringArray("assignee");
        var scene = p.OptionalString("assignee_scene");
        var role = p.OptionalString("assignee_role");
        var change = new Reopened
        {
            Title = title,
            Description = p.OptionalString("description", FieldLimits.Description),
            Level = NullIfEmpty(p.OptionalKey("level_id", catalog.Levels.Contains)),
            Type = NullIfEmpty(p.OptionalKey("mtm_type", catalog.Types.Contains)),
            IsServiceInterrupt = p.OptionalBoolean("is_service_interrupt"),
            Source = NullIfEmpty(p.OptionalKey("source_id", catalog.Sources.Contains)),
            Ownership = NullIfEmpty(p.OptionalKey("incident_ownership", catalog.Ownerships.Contains)),
            StartTime = startTime,
            Region = p.OptionalStringArray("mtm_region"),
            EnterpriseProject = p.OptionalStringArray("enterprise_project_id"),
            CurrentCloudService = p.OptionalStringArray("current_cloud_service_id"),
            // As for create, "" / [""] / [] count as absent: only a real value runs the assignee rule.
            Assignee = JsonFields.FirstValue(assignee) is null && string.IsNullOrEmpty(scene) && string.IsNullOrEmpty(role) ? null
                : rules.ResolveAssignee(assignee, scene, role, p.Name("assignee"), p.Name("assignee_scene"), p.Name("assignee_role")),
            Attachments = p.OptionalStringArray("attachments", AttachmentIdsMax) ?? [],
        };
        // A ReOpen is checked like a create: if a rule would start a WarRoom, a region is needed. A ticket never
        // gets a second WarRoom, so one that has a WarRoom needs none.
        if (t.WarroomId is not null) return change;
        var needsWarRoom = rules.NeedsWarRoom(change.Level ?? t.Level, change.CurrentCloudService ?? t.CurrentCloudService,
            change.Region ?? t.Region, p.Name("mtm_region"));
        return needsWarRoom ? change with { WarroomId = newWarRoomId() } : change;
    }

    /// <summary><c>pause_approve_conclusion</c> / <c>conclusion</c> may be sent, and must then agree with the key.</summary>
    private static void CheckConclusion(JsonFields p, bool expected)
    {
        foreach (var field in (string[])["pause_approve_conclusion", "conclusion"])
            if (p.OptionalBoolean(field) is { } value && value != expected)
                throw CocErrors.Invalid($"{p.Name(field)} must be {(expected ? "true" : "false")} for this operate_key");
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
