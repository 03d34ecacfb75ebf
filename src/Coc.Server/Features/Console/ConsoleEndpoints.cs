using Coc.Core.Attachments;
using Coc.Core.Reference;
using Coc.Core.Tickets;
using Coc.Server.Auth;
using Coc.Server.Hosting;

namespace Coc.Server.Features.Console;

/// <summary>The web console at <c>/console</c>: static files plus the small read API it needs.</summary>
public static class ConsoleEndpoints
{
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console", () => Results.Redirect("/console/")).ExcludeFromDescription();

        var group = app.MapGroup("/v1/console").WithTags("Console");
        group.MapGet("/config", Config).AllowAnonymous().WithName("ConsoleConfig")
            .WithSummary("How the console must sign in: mode secure (token) or emulator (no credentials)");
        group.MapGet("/reference", Reference).RequireAuthorization(PermissionPolicies.Authenticated).WithName("ConsoleReference")
            .WithSummary("Catalog, directory, WarRoom rules, workflow table, limits and the rules derived from them, for the console's pickers and forms");
        return app;
    }

    private static IResult Config(ServerOptions options) =>
        TypedResults.Json(new ConsoleConfig(options.Emulator ? "emulator" : "secure"), ConsoleJsonContext.Relaxed.ConsoleConfig);

    private static IResult Reference(HttpContext http, ReferenceData reference, ServerOptions options)
    {
        var caller = Caller.Of(http);
        var built = Build(reference) with
        {
            Caller = new ConsoleCaller(caller.Principal, caller.Person, caller.MayActForOthers, options.Emulator),
        };
        return TypedResults.Json(built, ConsoleJsonContext.Relaxed.ConsoleReference);
    }

    /// <summary>The reference data as the console reads it; the workflow rows come from <see cref="Workflow.Rules"/>, the
    /// limits and rules from the constants and methods the validation itself uses.</summary>
    public static ConsoleReference Build(ReferenceData reference)
    {
        var c = reference.Catalog;
        var d = reference.Directory;
        return new ConsoleReference(
            new CatalogData(c.Levels.Entries, c.Types.Entries, c.Sources.Entries, c.Statuses.Entries, c.Ownerships.Entries),
            new DirectoryData(d.People, d.Applications, d.Schedules),
            reference.WarRoomRules,
            Workflow.Rules.Select(r =>
            {
                var (zh, en) = ActionNames.Of(r.OperateKey);
                return new ConsoleWorkflowRow(r.OperateKey, r.AllowedIn, SituationName(r.When), ActorName(r.Who), r.LeadsTo, r.Meaning, zh, en);
            }).ToList(),
            new ConsoleLimits(FieldLimits.Text, FieldLimits.Title, FieldLimits.Description, FieldLimits.Comment, FieldLimits.Solution,
                FieldLimits.StartTimeSkewMs),
            new ConsoleAttachmentRules(FileTypes.Extensions, AttachmentRules.MaxFileBytes, AttachmentRules.MaxPerTicket),
            RegionRequired(reference),
            OnDuty(d));
    }

    /// <summary>Every level × application (or none) of the reference for which <see cref="ReferenceData.WarRoomRuleMatches"/>
    /// holds without a region: the console's forms offer only these applications.</summary>
    private static List<ConsoleRegionRequired> RegionRequired(ReferenceData reference) =>
        [.. from level in reference.Catalog.Levels.Entries.Select(e => e.Key)
            from app in new string?[] { null }.Concat(reference.Directory.Applications.Select(a => a.Id))
            where reference.WarRoomRuleMatches(level, app is null ? [] : [app], null)
            select new ConsoleRegionRequired(level, app)];

    /// <summary>Who <see cref="PeopleDirectory.OnDuty"/> resolves for each scene and role the schedules name.</summary>
    private static List<ScheduleSlot> OnDuty(PeopleDirectory directory) =>
        [.. directory.Schedules.Select(s => (s.Scene, s.Role)).Distinct()
            .Select(k => new ScheduleSlot(k.Scene, k.Role, directory.OnDuty(k.Scene, k.Role)!))];

    private static string SituationName(Situation s) => s switch
    {
        Situation.Any => "any",
        Situation.NoPendingRequest => "no_pending_request",
        Situation.PendingRequest => "pending_request",
        Situation.NotPausedNoPendingRequest => "not_paused_no_pending_request",
        Situation.Paused => "paused",
        _ => s.ToString(),
    };

    private static string ActorName(Actor a) => a switch
    {
        Actor.Anyone => "anyone",
        Actor.Assignee => "assignee",
        Actor.Creator => "creator",
        Actor.NotTheRequester => "not_the_requester",
        _ => a.ToString(),
    };
}
