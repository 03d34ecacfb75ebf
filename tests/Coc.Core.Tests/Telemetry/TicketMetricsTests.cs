using System.Diagnostics.Metrics;
using Coc.Core.Telemetry;
using Coc.Core.Tests.Tickets;
using Coc.Core.Tickets;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Coc.Core.Tests.Telemetry;

/// <summary>What the service records, measured on a meter of the test's own, with a clock the test moves.</summary>
public sealed class TicketMetricsTests : IDisposable
{
    private readonly Meter _meter = new(CocMeter.Name);

    public void Dispose() => _meter.Dispose();

    private MetricCollector<T> Collect<T>(string instrument) where T : struct => new(_meter, instrument);

    [Fact]
    public async Task Mtta_and_mttr_are_the_seconds_from_creation_to_the_first_accept_and_the_first_solution_by_level()
    {
        using var toAccept = Collect<double>("coc.incident.time_to_accept");
        using var toResolve = Collect<double>("coc.incident.time_to_resolve");
        using var h = await Harness.StartAsync(meter: _meter);
        var number = await h.CreateAsync();

        h.Clock.Advance(TimeSpan.FromSeconds(90));
        await h.AcceptAsync(number);
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        await h.HandleAsync(number, Harness.Assignee, OperateKeys.Forward, new() { ["virtual_send_assignee"] = Harness.Bob }); // back to triggered
        await h.AcceptAsync(number, Harness.Bob); // a second accept is not a second MTTA
        h.Clock.Advance(TimeSpan.FromSeconds(60));
        await h.HandleAsync(number, Harness.Bob, OperateKeys.CommitSolution, Harness.Solution());

        var accepted = Assert.Single(toAccept.GetMeasurementSnapshot());
        Assert.Equal(90, accepted.Value);
        Assert.Equal("level_30", accepted.Tags["level"]);
        var resolved = Assert.Single(toResolve.GetMeasurementSnapshot());
        Assert.Equal(180, resolved.Value);
        Assert.Equal("level_30", resolved.Tags["level"]);
    }

    [Fact]
    public async Task Operations_are_counted_once_each_by_operate_key_and_outcome_with_unknown_keys_as_other()
    {
        using var operations = Collect<long>("coc.incident.operations");
        using var created = Collect<long>("coc.incidents.created");
        using var h = await Harness.StartAsync(meter: _meter);
        var number = await h.CreateAsync();

        await h.AcceptAsync(number);
        await Assert.ThrowsAnyAsync<Exception>(() => h.HandleAsync(number, Harness.Creator, OperateKeys.Agreed)); // not allowed now
        await Assert.ThrowsAnyAsync<Exception>(() => h.HandleAsync(number, Harness.Assignee, "selfDestruct"));
        await h.Service.HandleAsync(Harness.Project, new HandleRequest(number, Harness.Assignee, OperateKeys.CommitSolution,
            Harness.Json(Harness.Solution()), Harness.Principal), "key-1", Harness.Json(Harness.Solution()));
        await h.Service.HandleAsync(Harness.Project, new HandleRequest(number, Harness.Assignee, OperateKeys.CommitSolution,
            Harness.Json(Harness.Solution()), Harness.Principal), "key-1", Harness.Json(Harness.Solution())); // the same again

        var seen = operations.GetMeasurementSnapshot().Select(m => $"{m.Tags["operate_key"]}/{m.Tags["outcome"]}={m.Value}").ToList();
        Assert.Equal(["acceptedIncident1/applied=1", "agreed/refused=1", "other/refused=1", "commitSolution1/applied=1", "commitSolution1/replayed=1"], seen);
        var create = Assert.Single(created.GetMeasurementSnapshot());
        Assert.Equal(("level_30", Harness.Type), ((string)create.Tags["level"]!, (string)create.Tags["type"]!));
    }

    [Fact]
    public async Task The_ticket_cache_counts_a_miss_then_hits_and_a_miss_again_after_a_write()
    {
        using var hits = Collect<long>("coc.ticket_cache.hits");
        using var misses = Collect<long>("coc.ticket_cache.misses");
        using var h = await Harness.StartAsync(meter: _meter, cache: 10);
        var number = await h.CreateAsync();

        await h.GetAsync(number);
        await h.GetAsync(number);
        await h.GetAsync(number);
        await h.AcceptAsync(number); // reads (a hit), then drops the ticket
        await h.GetAsync(number);

        Assert.Equal(3, hits.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(2, misses.GetMeasurementSnapshot().Sum(m => m.Value));
    }
}
