using System.Text;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests;

/// <summary>
/// An acknowledged operation survives a crash (workflow.md, invariant 4): the server process is killed with
/// SIGKILL and started again on the same database (SQLite file or PostgreSQL database).
/// </summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "coc-server-tests", "process-" + Guid.NewGuid().ToString("N"));
    private readonly string? _db = TestEngine.IsPostgres ? TestEngine.CreateDatabase() : null;

    public RestartTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        if (_db is not null) TestEngine.DropDatabase(_db);
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* the temp folder is cleaned eventually */ }
    }

    [Fact]
    public async Task Everything_acknowledged_before_a_SIGKILL_is_there_after_a_restart()
    {
        using var process = await ServerProcess.StartAsync(Path.Combine(_directory, "coc.db"), db: _db);
        // The suite's key is global in domain "default"; that domain's default project exists from the first start.
        var api = new CocApi(process.CreateClient(), "default");

        var open = await api.CreateAsync(Bodies.Create("stays open"));
        var working = await api.CreateAsync(Bodies.Create("being worked on"));
        var done = await api.CreateAsync(Bodies.Create("done"), "idem-restart");
        await api.DoAsync(working, People.Alice, "acceptedIncident1");
        await api.DoAsync(done, People.Alice, "acceptedIncident1");
        await api.DoAsync(done, People.Alice, "commitSolution1", Bodies.Solution());
        await api.DoAsync(done, People.Carol, "confirm", Bodies.Confirmation(true, "fixed"));
        var upload = await api.UploadAsync("notes.txt", Encoding.UTF8.GetBytes("kept across restarts"), working);
        Wire.AssertString(upload.Json, "error_code", Wire.Success);
        var numbers = new[] { open, working, done };
        var details = new Dictionary<string, string>();
        foreach (var n in numbers) details[n] = (await api.TicketAsync(n)).GetRawText();
        var history = (await api.HistoriesAsync(Bodies.Histories(numbers))).Text;
        var list = (await api.ListAsync()).Data.GetRawText();

        process.Kill();
        Assert.False(process.IsRunning);
        await process.StartAsync();

        foreach (var n in numbers) Assert.Equal(details[n], (await api.TicketAsync(n)).GetRawText());
        Assert.Equal(3, await api.TotalAsync());
        Assert.Equal(list, (await api.ListAsync()).Data.GetRawText());
        var historyAfter = await api.HistoriesAsync(Bodies.Histories(numbers));
        Wire.AssertOk(historyAfter);
        Assert.Equal(history, historyAfter.Text);
        Assert.Equal(7, historyAfter.Data.GetProperty("total").GetInt64()); // 1 + 2 + 4 entries
        var download = await api.GetAsync("/v1/external/incident/attachments/" + upload.Data.Str("doc_id"));
        Assert.Equal("kept across restarts", download.Text);
        // The idempotency key is durable too: a retry after the crash still finds the first ticket.
        Assert.Equal(done, await api.CreateAsync(Bodies.Create("done"), "idem-restart"));
        // And the restarted server keeps working on the same tickets.
        await api.DoAsync(working, People.Alice, "commitSolution1", Bodies.Solution());
        Assert.Equal(Statuses.Resolved, await api.StatusAsync(working));
    }

    [Fact]
    public async Task Every_write_acknowledged_before_the_kill_is_kept()
    {
        using var process = await ServerProcess.StartAsync(Path.Combine(_directory, "coc.db"), db: _db);
        var api = new CocApi(process.CreateClient(), "default");
        var number = await api.CreateAsync();
        for (var i = 0; i < 20; i++)
            await api.DoAsync(number, People.Carol, "forwardOther1", new JsonObject { ["virtual_send_assignee"] = i % 2 == 0 ? People.Bob : People.Alice });

        process.Kill();
        await process.StartAsync();

        var history = await api.HistoryAsync(number);
        Assert.Equal(21, history.GetArrayLength());
        Assert.Equal([People.Alice], Wire.AssertStringArray(await api.TicketAsync(number), "incident_assignee"));
        Assert.Equal(history[20].Str("to_status"), await api.StatusAsync(number));
    }
}
