using System.CommandLine;
using System.Text.Json.Nodes;
using Coc.Cli.Output;
using Coc.Core.Alarms;
using Coc.Core.Contracts.Alarms;
using static Coc.Cli.Commands.CommandHelpers;

namespace Coc.Cli.Commands;

/// <summary><c>coc alarms …</c>: converged alarms (/v1/alarm-mgmt/…, answers without the envelope; alarms.md).</summary>
public sealed class AlarmCommands
{
    public AlarmCommands(CliApp app)
    {
        Command = new Command("alarms", "Alarms: list, show, clear, handle histories, transfer to an incident.") { Aliases = { "alarm" } };
        var id = new Argument<string>("alarm_id") { Description = "The alarm id (ALM…)" };
        var ids = new Argument<string[]>("alarm_id") { Description = "One or more alarm ids", Arity = ArgumentArity.OneOrMore };

        var offset = new Option<int>("--offset") { Description = "Items to skip", HelpName = "N", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "Page size, 1-1000", HelpName = "N", DefaultValueFactory = _ => 50 };
        var status = Text("--status", "alarming or resolved", "STATUS");
        var importance = Text("--importance", "Comma list of urgent, major, minor, warn", "LIST");
        var query = Text("--query", "Text in the name or description");
        var list = new Command("list", "List alarms, newest first.").With(offset, limit, status, importance, query).Does(app, async c =>
        {
            var answer = await c.Connection.Client.ListAlarmsAsync(c.Value(offset), c.Value(limit), c.Value(status), c.Value(importance), c.Value(query),
                c.Cancellation);
            c.Out.List(answer, AlarmJsonContext.Default.AlarmListAnswer, answer.Alarms,
            [
                new Renderer.Column<AlarmInfo>("id", a => a.Id), new("importance", a => a.Importance), new("status", a => a.Status),
                new("name", a => a.Name), new("count", a => Renderer.Number(a.ConvergeCount)), new("incident", a => a.AssociateEventId),
            ], $"{answer.Count} alarms");
        });

        var show = new Command("show", "One alarm, every field.").With(id).Does(app, async c =>
            c.Out.Item(await c.Connection.Client.GetAlarmAsync(c.Value(id)!, c.Cancellation), AlarmJsonContext.Default.AlarmInfo));

        var remarks = Text("--remarks", "Up to 100 characters");
        var clear = new Command("clear", "Clear alarming alarms (→ resolved).").With(ids, remarks).Does(app, async c =>
        {
            var body = new JsonObject { ["alarm_ids"] = string.Join(',', c.Value(ids)!) };
            body.Put("remarks", c.Value(remarks));
            var cleared = await c.Connection.Client.CancelAlarmsAsync(body, c.Cancellation);
            c.Out.Done($"cleared: {Renderer.Join(cleared)}", new AlarmIdsAnswer(cleared), AlarmJsonContext.Default.AlarmIdsAnswer);
        });

        var histories = new Command("histories", "An alarm's handle histories, newest first.").With(id, offset, limit).Does(app, async c =>
        {
            var answer = await c.Connection.Client.ListAlarmHandleHistoriesAsync(c.Value(id)!, c.Value(offset), Math.Min(c.Value(limit), 1000), c.Cancellation);
            c.Out.List(answer, AlarmJsonContext.Default.HandleHistoriesAnswer, answer.AlarmHandleHistories,
            [
                new Renderer.Column<AlarmHandleHistory>("time", h => Renderer.Time(h.StartTime)), new("type", h => h.TaskType),
                new("status", h => h.Status), new("task", h => h.AssociatedTaskId), new("by", h => h.CreateName),
            ], $"{answer.Count} entries");
        });

        var title = Text("--title", "Incident title", required: true);
        var description = Text("--description", "Incident description, 1-600 characters", required: true);
        var level = Text("--level", "level_10 … level_50", "LEVEL", required: true);
        var type = new Option<string>("--type") { Description = "Incident type key", HelpName = "TYPE", DefaultValueFactory = _ => "inc_type_p_function_issues" };
        var service = Text("--cloud-service", "Application (current cloud service) id", "ID", required: true);
        var assignee = Text("--assignee", "Person to assign (or --scene and --role)", "PERSON");
        var scene = Text("--scene", "Schedule scene", "SCENE");
        var role = Text("--role", "Schedule role", "ROLE");
        var interrupt = new Option<bool>("--interrupt") { Description = "The service is interrupted" };
        var transfer = new Command("transfer", "Open one incident for these alarms; prints its number.")
            .With(ids, title, description, level, type, service, assignee, scene, role, interrupt).Does(app, async c =>
            {
                var body = new JsonObject
                {
                    ["alarm_ids"] = string.Join(',', c.Value(ids)!), ["title"] = c.Value(title), ["description"] = c.Value(description),
                    ["level_id"] = c.Value(level), ["mtm_type"] = c.Value(type), ["is_service_interrupt"] = c.Value(interrupt),
                    ["current_cloud_service_id"] = c.Value(service),
                };
                body.Put("assignee", c.Value(assignee));
                body.Put("assignee_scene", c.Value(scene));
                body.Put("assignee_role", c.Value(role));
                var answer = await c.Connection.Client.CreateAlarmLinkedIncidentAsync(body, c.Cancellation);
                c.Out.Line(answer.IncidentNum, answer, AlarmJsonContext.Default.LinkedIncidentAnswer);
            });
        Command.With(list, show, clear, histories, transfer);
    }

    public Command Command { get; }
}
