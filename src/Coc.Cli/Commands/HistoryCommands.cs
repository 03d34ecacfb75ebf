using System.CommandLine;
using System.Text.Json.Nodes;
using Coc.Cli.Output;

namespace Coc.Cli.Commands;

/// <summary><c>coc histories IM… [IM…]</c>: the operation history of tickets (POST /v1/external/incident/list-histories).</summary>
public sealed class HistoryCommands
{
    public HistoryCommands(CliApp app)
    {
        var numbers = new Argument<string[]>("incident_num") { Description = "One or more ticket numbers", Arity = ArgumentArity.OneOrMore };
        var newest = new Option<bool>("--newest-first") { Description = "Newest entry first (default: oldest first)" };
        Command = new Command("histories", "The operation history of tickets, one entry per operation.") { Aliases = { "history" } }
            .With(numbers, newest)
            .Does(app, async c =>
            {
                var values = new JsonArray(c.Value(numbers)!.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
                var body = new JsonObject
                {
                    ["string_filters"] = new JsonArray(new JsonObject { ["operator"] = "in", ["field"] = "ticket_id", ["values"] = values }),
                    ["sort_filter"] = new JsonObject { ["operator"] = c.Value(newest) ? "desc" : "asc", ["field"] = "start_time" },
                };
                var data = await c.Connection.DataAsync(HttpMethod.Post, "v1/external/incident/list-histories", body, c.Cancellation);
                c.Out.List(data, data?["info"] as JsonArray,
                [
                    new("time", row => Renderer.Time(row?["start_time"])), Renderer.Column.Field("ticket", "ticket_id"),
                    Renderer.Column.Field("action", "action"), Renderer.Column.Field("operator", "operator"),
                    Renderer.Column.Field("status", "status"), Renderer.Column.Field("comment", "comment"),
                ], $"{data?["total"]} entries");
            });
    }

    public Command Command { get; }
}
