using Coc.Server.Tests.Auth;
using System.Net;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests;

/// <summary>
/// SQLite on a real tmpfs filled to the last byte (issue: Faults): writes answer 507 <c>GOM.00007507</c> saying the
/// storage is full, the episode is logged once, <c>/readyz</c> says writes fail, reads keep working, a failed write
/// changes nothing, and once space is freed the server writes again without a restart.
/// </summary>
public sealed class DiskFullTests
{
    private const string StorageFull = "GOM.00007507";
    private const string FullLogLine = "Storage is full";

    [Fact]
    public async Task A_full_disk_answers_507_is_logged_once_reports_not_ready_and_recovers_when_freed()
    {
        using var disk = new SmallDisk(megabytes: 4);
        var logs = new LogSink();
        await using var server = new AuthServer(logs: logs, dataDirectory: disk.Path);
        var api = server.Api();
        var probe = new CocApi(server.CreateWireClient(signed: false));
        var first = await api.CreateAsync();
        var ready = await probe.GetAsync("/readyz");
        Assert.True(ready.Status == HttpStatusCode.OK, ready.ToString());
        Assert.Equal("ok", ready.Json.Str("writes"));

        disk.Fill();
        var created = 1;
        var failures = new List<WireResponse>();
        for (var i = 0; i < 400 && failures.Count < 3; i++)
        {
            var response = await api.TryCreateAsync(BigCreate(i));
            if (response.Status == HttpStatusCode.OK) created++;
            else failures.Add(response);
        }

        Assert.True(failures.Count == 3, $"the full disk never failed a write ({created} created)");
        foreach (var failure in failures)
        {
            Wire.AssertError(failure, HttpStatusCode.InsufficientStorage, StorageFull, "storage is full");
            Assert.Equal("60", failure.RetryAfter);
        }
        Assert.Equal(1, Count(logs.Text, FullLogLine));
        Assert.DoesNotContain("Unhandled error", logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", logs.Text, StringComparison.Ordinal);

        var notReady = await probe.GetAsync("/readyz");
        Assert.True(notReady.Status == HttpStatusCode.ServiceUnavailable, notReady.ToString());
        Assert.Equal("full", notReady.Json.Str("writes"));
        Assert.Equal("reachable", notReady.Json.Str("database"));

        // Reads keep working, and the failed writes left nothing behind.
        Wire.AssertString(await api.TicketAsync(first), "incident_num", first);
        Assert.Equal(created, await api.TotalAsync());
        Wire.AssertError(await api.TryCreateAsync(Bodies.Create()), HttpStatusCode.InsufficientStorage, StorageFull);
        Assert.Equal(1, Count(logs.Text, FullLogLine));

        disk.Free();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        WireResponse again;
        while ((again = await probe.GetAsync("/readyz")).Status != HttpStatusCode.OK && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.True(again.Status == HttpStatusCode.OK, $"still not ready after space was freed: {again}");
        Assert.Equal("ok", again.Json.Str("writes"));
        var after = await api.CreateAsync();
        Wire.AssertOk(await api.DetailsAsync(after));
        Assert.Equal(created + 1, await api.TotalAsync());
        Assert.Equal(1, Count(logs.Text, "Storage is writable again"));
    }

    private static JsonObject BigCreate(int i)
    {
        var body = Bodies.Create($"filling the disk {i}");
        body["incident_description"] = new string((char)('a' + i % 26), 600);
        return body;
    }

    private static int Count(string text, string line) =>
        text.Split('\n').Count(l => l.Contains(line, StringComparison.Ordinal));
}
