using System.Diagnostics;

namespace Coc.Server.Tests.LiveEvents;

/// <summary>Two server processes on one PostgreSQL database: a change made through one reaches a stream opened on the
/// other within a second (each instance reads the shared events table).</summary>
[Trait("Category", "MultiInstance")]
public sealed class EventStreamMultiInstanceTests : IDisposable
{
    private readonly string _db = TestEngine.CreateDatabase();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coc-server-tests", "stream-multi-" + Guid.NewGuid().ToString("N"));
    private readonly List<ServerProcess> _servers = [];

    public EventStreamMultiInstanceTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        foreach (var s in _servers) s.Dispose();
        TestEngine.DropDatabase(_db);
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_change_on_instance_A_appears_on_a_stream_of_instance_B_within_a_second()
    {
        var started = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
            ServerProcess.StartAsync(Path.Combine(_directory, $"unused-{i}.db"), emulator: true, db: _db)));
        _servers.AddRange(started);
        var a = new CocApi(started[0].CreateClient(), "default");
        var b = new CocApi(started[1].CreateClient(), "default");
        await using var stream = await SseStream.OpenAsync(b);
        // One change first, untimed: the processes' first render and request paths are compiled (JIT) on first use.
        var warmUp = await a.CreateAsync();
        Assert.Equal(warmUp, (await stream.NextEventAsync(seconds: 10)).Json.GetProperty("data").GetProperty("incident").Str("incident_num"));

        for (var i = 0; i < 3; i++)
        {
            var number = await a.CreateAsync();
            var watch = Stopwatch.StartNew(); // from A's answer: the change has committed
            var e = await stream.NextEventAsync(seconds: 5);
            watch.Stop();
            Assert.Equal(number, e.Json.GetProperty("data").GetProperty("incident").Str("incident_num"));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"the event took {watch.Elapsed.TotalMilliseconds:0} ms from A to B's stream");
        }
    }
}
