using System.Diagnostics.Metrics;
using Coc.Core.Storage;
using Coc.Core.Telemetry;
using Coc.Core.Tickets;

namespace Coc.Core.Tests.Telemetry;

/// <summary>Recording on the hot path allocates nothing of its own: tags are <c>TagList</c> structs, label values constants
/// or strings the ticket already holds. Measured with a listener subscribed, as when OpenTelemetry exports.</summary>
public sealed class RecordingCostTests
{
    [Fact]
    public void Recording_a_create_an_operation_a_commit_and_cache_reads_allocates_nothing()
    {
        using var meter = new Meter(CocMeter.Name);
        var tickets = new TicketMetrics(meter);
        var storage = new StorageMetrics(meter);
        var cache = new TicketCacheMetrics(meter);
        var received = 0L;
        using var listener = new MeterListener { InstrumentPublished = (i, l) => { if (i.Meter == meter) l.EnableMeasurementEvents(i); } };
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => received++);
        listener.SetMeasurementEventCallback<int>((_, _, _, _) => received++);
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => received++);
        listener.Start();
        var before = Ticket("INCIDENT_STATUS_TRIGGERED", acceptTime: null);
        var after = Ticket("INCIDENT_STATUS_ACKNOWLEDGED", acceptTime: 61_000);

        void RecordOnce()
        {
            tickets.Created(before);
            tickets.Applied(OperateKeys.Accept, before, after);
            tickets.Operation(OperateKeys.Accept, "applied");
            tickets.Operation("no-such-key", "refused");
            storage.Committed(3);
            cache.Hit();
            cache.Miss();
        }
        RecordOnce(); // first calls JIT and set up
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) RecordOnce();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal(7 * 1001, received); // every recording reached the listener (Applied records the accept histogram only)
        Assert.Equal(0, allocated);
    }

    private static Ticket Ticket(string status, long? acceptTime) => new()
    {
        Number = "IM1", Project = "p", Status = status, Level = "level_40", Type = "inc_type_p_function_issues",
        Source = "incident_source_manual", Title = "t", IsServiceInterrupt = false, Creator = "c", CreateTime = 1_000,
        AcceptTime = acceptTime, Version = 1,
    };
}
