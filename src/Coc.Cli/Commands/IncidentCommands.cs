using System.CommandLine;
using System.Text.Json.Nodes;
using Coc.Cli.Connection;
using Coc.Core.Contracts.Incidents;
using Coc.Cli.Output;
using static Coc.Cli.Commands.CommandHelpers;

namespace Coc.Cli.Commands;

/// <summary><c>coc incidents …</c>: the v1 ticket API — list, show, create, and every workflow operation of
/// <c>POST /v1/external/incident/handle</c> (workflow.md).</summary>
public sealed class IncidentCommands
{
    private readonly CliApp _app;
    private readonly Option<string> _operator = new("--operator")
    {
        Description = "Person id acting (else $COC_OPERATOR, the profile's operator)", HelpName = "PERSON", Recursive = true,
    };

    public IncidentCommands(CliApp app)
    {
        _app = app;
        Command = new Command("incidents", "Incident tickets (v1): list, show, create, and the workflow operations.")
        {
            Aliases = { "incident" },
        };
        Command.Options.Add(_operator);
        Command.With(List(), Show(), Create(), Accept(), Solve(), Verify(), Forward(), Pause(), Level(), Approve(), Reject(),
            Recover(), Reopen(), Handle());
    }

    public Command Command { get; }

    private static readonly Renderer.Column<IncidentSimpleTicketInfo>[] ListColumns =
    [
        new("number", t => t.TicketId), new("level", t => t.Level), new("status", t => t.Status),
        new("title", t => t.Title), new("assignee", t => Renderer.Join(t.Assignee)), new("creator", t => t.Creator),
    ];

    private Command List()
    {
        var page = new Option<int>("--page") { Description = "Page number, from 1", HelpName = "N", DefaultValueFactory = _ => 1 };
        var limit = new Option<int>("--limit") { Description = "Page size, 1-100", HelpName = "N", DefaultValueFactory = _ => 50 };
        var all = new Option<bool>("--all") { Description = "Every page (each of --limit tickets), one after the other" };
        var status = Text("--status", "Only these statuses, comma-separated (e.g. INCIDENT_STATUS_TRIGGERED)", "LIST");
        var level = Text("--level", "Only these levels, comma-separated (level_10 … level_50)", "LIST");
        var assignee = Text("--assignee", "Only tickets assigned to this person", "PERSON");
        var creator = Text("--creator", "Only tickets created by this person", "PERSON");
        var query = Text("--query", "Text in the title or description");
        return new Command("list", "List tickets, newest first (GET /v1/incident-tickets).").With(page, limit, all, status, level, assignee, creator, query)
            .Does(_app, async c =>
            {
                var filter = new IncidentListFilter
                {
                    Status = c.Value(status), Level = c.Value(level), Assignee = c.Value(assignee), Creator = c.Value(creator), Q = c.Value(query),
                };
                var client = c.Connection.Client;
                var size = c.Value(limit);
                if (!c.Value(all))
                {
                    var data = await client.ListIncidentsAsync(c.Value(page), size, filter, c.Cancellation);
                    c.Out.List(data, IncidentJsonContext.Default.IncidentListData, data.IncidentSimpleTicketInfos, ListColumns,
                        $"{data.Total} tickets, page {c.Value(page)}");
                    return;
                }
                var items = new List<IncidentSimpleTicketInfo>();
                long total = 0;
                for (var n = 1; ; n++)
                {
                    var data = await client.ListIncidentsAsync(n, size, filter, c.Cancellation);
                    total = data.Total;
                    items.AddRange(data.IncidentSimpleTicketInfos);
                    if (data.IncidentSimpleTicketInfos.Count < size || items.Count >= total) break;
                }
                c.Out.List(new IncidentListData(total, items), IncidentJsonContext.Default.IncidentListData, items, ListColumns, $"{total} tickets");
            });
    }

    private Command Show()
    {
        var number = Number();
        return new Command("show", "A ticket's details (GET /v1/external/incident/{incident_num}).").With(number)
            .Does(_app, async c => c.Out.Item(await c.Connection.Client.GetIncidentAsync(c.Value(number)!, c.Cancellation),
                IncidentJsonContext.Default.IncidentDetails));
    }

    private Command Create()
    {
        var title = Text("--title", "Title, 1-200 characters", required: true);
        var level = Text("--level", "level_10 (P1, most urgent) … level_50 (P5)", "LEVEL", required: true);
        var type = new Option<string>("--type") { Description = "Incident type key", HelpName = "TYPE", DefaultValueFactory = _ => "inc_type_p_function_issues" };
        var source = new Option<string>("--source") { Description = "Source key", HelpName = "SOURCE", DefaultValueFactory = _ => "incident_source_manual" };
        var interrupt = new Option<bool>("--interrupt") { Description = "The service is interrupted" };
        var assignee = Text("--assignee", "Person to assign (or --scene and --role)", "PERSON");
        var scene = Text("--scene", "Schedule scene whose on-duty person is assigned", "SCENE");
        var role = Text("--role", "Schedule role, with --scene", "ROLE");
        var creator = Text("--creator", "Creator's person id (default: --operator)", "PERSON");
        var description = Text("--description", "Up to 600 characters");
        var region = Text("--region", "Region (needed when a WarRoom auto-starts)", "REGION");
        var enterprise = Text("--enterprise-project", "Enterprise project id", "ID");
        var service = Text("--cloud-service", "Application (current cloud service) id", "ID");
        var ownership = Text("--ownership", "Ownership key", "KEY");
        var start = Text("--start-time", "Fault start: ms, ISO 8601 or -30m", "TIME");
        var idempotency = Text("--idempotency-key", "Retrying with the same key returns the first ticket instead of a second", "KEY");
        return new Command("create", "Create a ticket; prints its number (POST /v1/external/incident/create).")
            .With(title, level, type, source, interrupt, assignee, scene, role, creator, description, region, enterprise, service, ownership, start, idempotency)
            .Does(_app, async c =>
            {
                var request = new CreateIncidentRequest
                {
                    IncidentLevel = c.Value(level)!, IsServiceInterrupt = c.Value(interrupt), IncidentType = c.Value(type)!,
                    IncidentTitle = c.Value(title)!, IncidentSource = c.Value(source)!, Creator = c.Value(creator) ?? Operator(c, "--creator"),
                    IncidentDescription = c.Value(description), IncidentAssignee = One(c.Value(assignee)),
                    AssigneeScene = c.Value(scene), AssigneeRole = c.Value(role), Region = One(c.Value(region)),
                    EnterpriseProject = One(c.Value(enterprise)), CurrentCloudService = One(c.Value(service)),
                    IncidentOwnership = c.Value(ownership), StartTime = Time(c.Value(start), "--start-time"),
                };
                var number = await c.Connection.Client.CreateIncidentAsync(request, c.Value(idempotency), c.Cancellation);
                c.Out.Line(number, new CreateIncidentData(number), IncidentJsonContext.Default.CreateIncidentData);
            });
    }

    private static string[]? One(string? value) => value is null ? null : [value];

    private Command Accept() => Operation("accept", "acceptedIncident1", "Accept the ticket (its assignee; TRIGGERED → ACKNOWLEDGED).", [], _ => null);

    private Command Solve()
    {
        var type = Text("--type", "Incident type the fault turned out to be (mtm_type)", "TYPE", required: true);
        var interrupt = new Option<bool>("--interrupt") { Description = "The service was interrupted" };
        var cause = Text("--cause", "The cause, up to 10000 characters", required: true);
        var solution = Text("--solution", "The solution, up to 10000 characters", required: true);
        var start = Text("--start-time", "Fault start: ms, ISO 8601 or -2h", "TIME");
        var recovery = Text("--recovery-time", "Fault recovery: ms, ISO 8601 or -5m", "TIME");
        var attachments = CommandHelpers.List("--attachment", "Doc id of an uploaded file (coc attachments upload), repeatable", "DOC_ID");
        return Operation("solve", "commitSolution1", "Submit the solution (ACKNOWLEDGED → RESOLVED).",
            [type, interrupt, cause, solution, start, recovery, attachments], c =>
            {
                var p = new JsonObject
                {
                    ["mtm_type"] = c.Value(type), ["is_service_interrupt"] = c.Value(interrupt), ["cause"] = c.Value(cause), ["solution"] = c.Value(solution),
                };
                p.Put("start_time", Time(c.Value(start), "--start-time"));
                p.Put("fault_recovery_time", Time(c.Value(recovery), "--recovery-time"));
                p.Put("resolve_attachments", c.Value(attachments));
                return p;
            });
    }

    private Command Verify()
    {
        var result = new Option<bool>("--result") { Description = "true: solved (→ COMPLETED); false: back to the assignee", Required = true, HelpName = "true|false" };
        var comment = Text("--comment", "Up to 300 characters", required: true);
        return Operation("verify", "confirm", "Verify the solution of a RESOLVED ticket.", [result, comment],
            c => new JsonObject { ["virtual_confirm_result"] = c.Value(result), ["virtual_confirm_comment"] = c.Value(comment) });
    }

    private Command Forward()
    {
        var to = Text("--to", "The new assignee (or --scene and --role)", "PERSON");
        var scene = Text("--scene", "Schedule scene whose on-duty person gets it", "SCENE");
        var role = Text("--role", "Schedule role, with --scene", "ROLE");
        var comment = Text("--comment", "Up to 300 characters");
        var location = Text("--location", "Current location info, up to 300 characters");
        return Operation("forward", "forwardOther1", "Hand the ticket to another person or shift (→ TRIGGERED).", [to, scene, role, comment, location], c =>
        {
            var p = new JsonObject();
            p.Put("virtual_send_assignee", c.Value(to));
            p.Put("virtual_schedule_type", c.Value(scene));
            p.Put("virtual_schedule_role", c.Value(role));
            p.Put("virtual_send_comment", c.Value(comment));
            p.Put("virtual_current_location_info", c.Value(location));
            return p;
        });
    }

    private Command Pause()
    {
        var reason = Text("--reason", "Up to 300 characters", required: true);
        var until = Text("--until", "When the pause ends: ms, ISO 8601 or +2h", "TIME", required: true);
        return Operation("pause", "incidentPause", "Ask to pause handling until a time (a pending request someone else approves).", [reason, until],
            c => new JsonObject { ["pause_reason"] = c.Value(reason), ["pause_end_time"] = Time(c.Value(until), "--until") });
    }

    private Command Level()
    {
        var target = Text("--to", "The new level (level_10 … level_50)", "LEVEL", required: true);
        var comment = Text("--comment", "Up to 300 characters", required: true);
        return Operation("level", "incidentChangeLevel1", "Change the level: escalation applies at once, de-escalation is a request.", [target, comment],
            c => new JsonObject { ["virtual_target_level"] = c.Value(target), ["virtual_change_level_comment"] = c.Value(comment) });
    }

    private Command Approve()
    {
        var note = Text("--note", "Up to 300 characters");
        return Operation("approve", "agreed", "Approve the pending pause/level request, or close a REJECTED ticket (its creator).", [note], c =>
        {
            var p = new JsonObject();
            p.Put("note", c.Value(note));
            return p;
        });
    }

    private Command Reject()
    {
        var comment = Text("--comment", "Why the ticket is declined (needed to reject a TRIGGERED ticket)");
        var note = Text("--note", "Why a pending request is refused");
        return Operation("reject", "rejected", "Refuse the pending request, or decline an unaccepted ticket (its assignee; → REJECTED).", [comment, note], c =>
        {
            var p = new JsonObject();
            p.Put("virtual_confirm_comment", c.Value(comment));
            p.Put("note", c.Value(note));
            return p;
        });
    }

    private Command Recover()
    {
        var note = Text("--note", "Up to 300 characters");
        return Operation("recover", "recovery", "End an approved pause now.", [note], c =>
        {
            var p = new JsonObject();
            p.Put("note", c.Value(note));
            return p;
        });
    }

    private Command Reopen()
    {
        var title = Text("--title", "New title");
        var description = Text("--description", "New description");
        var level = Text("--level", "New level", "LEVEL");
        var type = Text("--type", "New incident type", "TYPE");
        var assignee = Text("--assignee", "New assignee", "PERSON");
        var interrupt = new Option<bool?>("--interrupt") { Description = "Whether the service is interrupted", HelpName = "true|false" };
        return Operation("reopen", "ReOpen", "Edit and resubmit a REJECTED ticket (its creator; → TRIGGERED).", [title, description, level, type, assignee, interrupt], c =>
        {
            var p = new JsonObject();
            p.Put("title", c.Value(title));
            p.Put("description", c.Value(description));
            p.Put("level_id", c.Value(level));
            p.Put("mtm_type", c.Value(type));
            p.Put("assignee", c.Value(assignee) is { } a ? new[] { a } : null);
            p.Put("is_service_interrupt", c.Value(interrupt));
            return p;
        });
    }

    private Command Handle()
    {
        var key = Text("--key", "The operate_key (e.g. acceptedIncident1, commitSolution1, confirm)", "OPERATE_KEY", required: true);
        var parameters = CommandHelpers.List("--param", "A parameter as key=value (JSON values such as true, 12 or [\"a\"] are taken as JSON), repeatable", "KEY=VALUE");
        var number = Number();
        return new Command("handle", "Run any workflow operation by its operate_key (POST /v1/external/incident/handle).").With(number, key, parameters)
            .Does(_app, c => RunAsync(c, c.Value(number)!, c.Value(key)!, Pairs(c.Value(parameters), "--param")));
    }

    private Command Operation(string name, string operateKey, string description, Symbol[] options, Func<CliContext, JsonObject?> parameter)
    {
        var number = Number();
        return new Command(name, $"{description} (operate_key {operateKey})").With([number, .. options])
            .Does(_app, c => RunAsync(c, c.Value(number)!, operateKey, parameter(c)));
    }

    private async Task RunAsync(CliContext c, string number, string operateKey, JsonObject? parameter)
    {
        var request = new HandleIncidentRequest
        {
            IncidentNum = number, Operator = Operator(c, "--operator"), OperateKey = operateKey, Parameter = parameter is { Count: > 0 } ? parameter : null,
        };
        await c.Connection.Client.HandleIncidentAsync(request, cancellationToken: c.Cancellation);
        c.Out.Done($"{operateKey} on {number}", new JsonObject { ["incident_num"] = number, ["operate_key"] = operateKey });
    }

    private string Operator(CliContext c, string option) =>
        c.Setting(_operator, "operator", "COC_OPERATOR")
        ?? throw new UsageException($"{option} is required: the person acting (or set $COC_OPERATOR, or 'coc configure --operator')");

    private static Argument<string> Number() => new("incident_num") { Description = "The ticket number (IM…)" };
}
