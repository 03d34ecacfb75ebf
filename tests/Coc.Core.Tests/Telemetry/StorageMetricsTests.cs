using System.Diagnostics.Metrics;
using Coc.Core.Errors;
using Coc.Core.Telemetry;
using Coc.Core.Tests.Storage;
using Coc.Core.Tests.Tickets;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Coc.Core.Tests.Telemetry;

/// <summary>Commit batch sizes of SQLite's group commit and storage errors, on a meter of the test's own.</summary>
public sealed class StorageMetricsTests() : ScratchDirectory("storage-metrics")
{

    [Fact]
    public async Task Every_commit_records_how_many_writes_it_carried_and_they_add_up_to_the_writes()
    {
        using var meter = new Meter(CocMeter.Name);
        using var batches = new MetricCollector<int>(meter, "coc.storage.commit.batch_size");
        using var h = await Harness.StartAsync(path: DataPath, meter: meter);
        var before = batches.GetMeasurementSnapshot().Count;

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => h.CreateAsync())));

        var commits = batches.GetMeasurementSnapshot().Skip(before).ToList();
        Assert.Equal(40, commits.Sum(m => m.Value));
        Assert.Equal(h.Database.WriteCount, batches.GetMeasurementSnapshot().Sum(m => (long)m.Value));
        Assert.Equal(h.Database.CommitCount, batches.GetMeasurementSnapshot().Count);
        Assert.All(commits, m => Assert.InRange(m.Value, 1, 128));
    }

    [Fact]
    public async Task A_write_refused_for_lack_of_space_is_a_storage_error_of_type_storage_full()
    {
        using var meter = new Meter(CocMeter.Name);
        using var errors = new MetricCollector<long>(meter, "coc.storage.errors");
        using var h = await Harness.StartAsync(path: DataPath, meter: meter);
        await h.Database.LimitSizeForTestsAsync(grow: false);

        var full = await Assert.ThrowsAsync<CocException>(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                var body = Harness.CreateBody();
                body["incident_description"] = new string('x', 600);
                await h.CreateAsync(body);
            }
        });

        Assert.Equal(CocErrors.StorageFullCode, full.ErrorCode);
        var error = Assert.Single(errors.GetMeasurementSnapshot());
        Assert.Equal(1, error.Value);
        Assert.Equal("write", error.Tags["operation"]);
        Assert.Equal("storage_full", error.Tags["error.type"]);
    }
}
