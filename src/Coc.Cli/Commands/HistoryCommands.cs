using System.CommandLine;
using Coc.Cli.Output;
using Coc.Core.Contracts.Histories;
using Coc.Core.Contracts.Incidents;

namespace Coc.Cli.Commands;

/// <summary><c>coc histories IM… [IM…]</c>: the operation history of tickets (POST /v1/external/incident/list-histories).</summary>
public sealed class HistoryCommands
{
    private static readonly Renderer.Column<TicketHistoryInfo>[] Columns =
    [
        new("time", h => Renderer.Time(h.StartTime)), new("ticket", h => h.TicketId), new("action", h => h.Action),
        new("operator", h => h.Operator), new("status", h => h.Status), new("comment", h => h.Comment),
    ];

    public HistoryCommands(CliApp app)
    {
        var numbers = new Argument<string[]>("incident_num") { Description = "One or more ticket numbers", Arity = ArgumentArity.OneOrMore };
        var newest = new Option<bool>("--newest-first") { Description = "Newest entry first (default: oldest first)" };
        Command = new Command("histories", "The operation history of tickets, one entry per operation.") { Aliases = { "history" } }
            .With(numbers, newest)
            .Does(app, async c =>
            {
                var request = ListHistoriesRequest.ForTickets(c.Value(numbers)!) with
                {
                    SortFilter = new SortFilter(c.Value(newest) ? "desc" : "asc", "start_time"),
                };
                var data = await c.Connection.Client.ListHistoriesAsync(request, c.Cancellation);
                c.Out.List(data, HistoryJsonContext.Default.HistoryListData, data.Info, Columns, $"{data.Total} entries");
            });
    }

    public Command Command { get; }
}
