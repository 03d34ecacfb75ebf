using System.Diagnostics.Metrics;
using Coc.Core.Storage.Tickets;
using Coc.Core.Telemetry;
using Coc.Core.Tests.Tickets;
using Coc.Core.Tickets;
using Dapper;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coc.Core.Tests.Telemetry;

/// <summary>The open-incidents gauge: counts by status and level from the partial index, re-read after a change of this
/// process and otherwise reused for up to <see cref="OpenIncidentsGauge.MaxAge"/>.</summary>
public sealed class OpenIncidentsGaugeTests
{
    private static Dictionary<string, long> Observe(MetricCollector<long> gauge)
    {
        gauge.RecordObservableInstruments();
        return gauge.GetMeasurementSnapshot(clear: true)
            .ToDictionary(m => $"{m.Tags["status"]}/{m.Tags["level"]}", m => m.Value);
    }

    [Fact]
    public async Task An_empty_database_reads_as_no_counts_not_as_a_failure()
    {
        using var h = await Harness.StartAsync();
        Assert.Empty(await new OpenTicketCounts(h.Database).ReadAsync()); // SQLite types COUNT(*) of no rows as BLOB
    }

    [Fact]
    public async Task It_counts_open_tickets_by_status_and_level_and_reports_an_emptied_one_as_zero()
    {
        using var meter = new Meter(CocMeter.Name);
        using var h = await Harness.StartAsync(meter: meter);
        _ = new OpenIncidentsGauge(meter, new OpenTicketCounts(h.Database), h.Metrics!, h.Clock, NullLogger.Instance);
        using var gauge = new MetricCollector<long>(meter, "coc.incidents.open");
        var first = await h.CreateAsync();
        await h.CreateAsync(Harness.CreateBody(level: "level_40"));
        await h.AcceptAsync(first);

        Assert.Equal(new Dictionary<string, long> { [$"{TicketStatus.Acknowledged}/level_30"] = 1, [$"{TicketStatus.Triggered}/level_40"] = 1 }, Observe(gauge));

        await h.HandleAsync(first, Harness.Assignee, OperateKeys.CommitSolution, Harness.Solution());
        await h.HandleAsync(first, Harness.Creator, OperateKeys.Confirm, new() { ["virtual_confirm_result"] = true, ["virtual_confirm_comment"] = "ok" });

        Assert.Equal(new Dictionary<string, long> { [$"{TicketStatus.Acknowledged}/level_30"] = 0, [$"{TicketStatus.Triggered}/level_40"] = 1 }, Observe(gauge));
    }

    [Fact]
    public async Task Without_a_change_of_this_process_the_counts_are_reused_until_they_are_five_seconds_old()
    {
        using var meter = new Meter(CocMeter.Name);
        using var h = await Harness.StartAsync(meter: meter);
        _ = new OpenIncidentsGauge(meter, new OpenTicketCounts(h.Database), h.Metrics!, h.Clock, NullLogger.Instance);
        using var gauge = new MetricCollector<long>(meter, "coc.incidents.open");
        await h.CreateAsync();
        Assert.Equal(1, Observe(gauge).Values.Sum());

        // Another instance's write (on PostgreSQL): a service on the same database that this gauge does not hear from.
        var other = new TicketService(h.Store, h.Rules, new TicketNumbers(TicketNumbers.DefaultOffset), h.Clock);
        await other.CreateAsync(Harness.Project, Harness.Json(Harness.CreateBody()), null, Harness.Principal);

        Assert.Equal(1, Observe(gauge).Values.Sum());
        h.Clock.Advance(OpenIncidentsGauge.MaxAge);
        Assert.Equal(2, Observe(gauge).Values.Sum());
    }

    [Fact]
    public async Task On_SQLite_the_query_reads_only_the_partial_index_of_open_tickets()
    {
        using var h = await Harness.StartAsync();

        var plan = await h.Database.ReadAsync(async c => string.Join("\n",
            (await c.QueryAsync<(long, long, long, string)>("EXPLAIN QUERY PLAN " + OpenTicketCounts.Query)).Select(r => r.Item4)), default);

        Assert.Contains("COVERING INDEX tickets_open", plan);
    }
}
