using Coc.Core.Errors;
using Coc.Core.Json;
using Coc.Core.Reference;

namespace Coc.Core.Tickets;

/// <summary>Rules shared by create and ReOpen (and the people checks of handle).</summary>
public sealed class TicketRules(ReferenceData reference, bool emulator)
{
    public ReferenceData Reference => reference;
    public bool Emulator => emulator;

    /// <summary>In secure mode people ids must be known to the directory; in emulator mode any id is taken.</summary>
    public void CheckPerson(string field, string id)
    {
        if (!emulator && !reference.Directory.IsKnownPerson(id))
            throw CocErrors.Invalid($"{field} {id} is not a known person");
    }

    /// <summary>An assignee, or else both scene and role (resolved to the on-duty person); an assignee wins.</summary>
    public AssigneeChoice ResolveAssignee(
        IReadOnlyList<string>? assignee, string? scene, string? role, string assigneeField, string sceneField, string roleField)
    {
        if (JsonFields.FirstValue(assignee) is { } person)
        {
            CheckPerson(assigneeField, person);
            return new AssigneeChoice(assignee!, scene, role);
        }
        if (string.IsNullOrEmpty(scene) || string.IsNullOrEmpty(role))
            throw CocErrors.Invalid($"{assigneeField} is required, or both {sceneField} and {roleField}");
        var onDuty = reference.Directory.OnDuty(scene, role)
            ?? throw CocErrors.Invalid($"{sceneField}/{roleField}: nobody is on duty for scene {scene} and role {role}");
        return new AssigneeChoice([onDuty], scene, role);
    }

    public string CheckTitle(string field, string title)
    {
        if (string.IsNullOrWhiteSpace(title)) throw CocErrors.Invalid($"{field} must not be blank");
        return title;
    }

    /// <summary>A ticket a WarRoom rule matches needs a region (api.md, WarRoom).</summary>
    public bool NeedsWarRoom(string level, IReadOnlyList<string> applications, IReadOnlyList<string> region, string regionField)
    {
        var firstRegion = JsonFields.FirstValue(region);
        if (!reference.WarRoomRuleMatches(level, applications, firstRegion)) return false;
        if (firstRegion is null)
            throw CocErrors.Invalid($"{regionField} is required: a WarRoom auto-starts for {level} ({reference.Catalog.Levels.Find(level)?.NameEn ?? level})");
        return true;
    }

    public void CheckStartTime(string field, long? startTime, long now)
    {
        if (startTime > now + FieldLimits.StartTimeSkewMs)
            throw CocErrors.Invalid($"{field} must not be more than 5 minutes in the future");
    }
}
