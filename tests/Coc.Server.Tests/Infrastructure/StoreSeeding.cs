using Coc.Core.Storage;
using Coc.Core.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace Coc.Server.Tests;

/// <summary>Puts a ticket with a chosen number straight into the app's store, as TicketService.CreateAsync would.</summary>
public static class StoreSeeding
{
    /// <summary>The seeds' own example ticket number (seed 000, fixtures rows 2–5 and 7).</summary>
    public const string SeedNumber = "IM202403221515060171753781";

    /// <summary>The project of the fixture rows.</summary>
    public const string FixtureProject = "0123456789abcdef0123456789abcdef";

    public static async Task<Ticket> SeedTriggeredTicketAsync(
        this CocServerFactory factory, string project, string number = SeedNumber, string person = People.Oncall)
    {
        var store = factory.Services.GetRequiredService<ITicketStore>();
        var now = factory.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var ticket = new Ticket
        {
            Number = number,
            Project = project,
            Status = TicketStatus.Triggered,
            Level = "level_50",
            Type = "inc_type_p_function_issues",
            Source = "incident_source_manual",
            Title = "seeded example ticket",
            Description = "put into storage by the test",
            IsServiceInterrupt = false,
            Assignee = [person],
            Creator = person,
            CreateTime = now,
            Version = 1,
        };
        var created = new HistoryEntry
        {
            TicketNumber = number, Project = project, Seq = 1, Action = OperateKeys.Create, Operator = person, Principal = HistoryEntry.UnknownPrincipal, At = now,
            ToStatus = ticket.Status, Change = new Created(ticket with { Version = 0 }),
        };
        var outcome = await store.CreateAsync(ticket, created, null);
        Assert.Equal(WriteOutcome.Written, outcome.Outcome);
        Assert.Null(outcome.ExistingNumber);
        return ticket;
    }
}
