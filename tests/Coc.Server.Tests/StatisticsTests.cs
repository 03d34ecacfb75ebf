using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests;

/// <summary>
/// GET /v1/incident-tickets/statistics [ours] (docs/decisions.md, On-call desk): the dashboard's counts by status and
/// level, and MTTA / MTTR by level over the last 7 and 30 days, in the caller's project.
/// </summary>
public sealed class StatisticsTests(SecureServer server) : IClassFixture<SecureServer>
{
    private const string Path = "/v1/incident-tickets/statistics";
    private readonly HttpClient _http = server.CreateWireClient();

    private static JsonObject Ticket(string level)
    {
        var body = Bodies.Create("stats " + level);
        body["incident_level"] = level;
        body["region"] = new JsonArray("cn-north-4");
        return body;
    }

    private static long Count(JsonElement data, string status, string level) =>
        data.GetProperty("counts").EnumerateArray()
            .Where(c => c.Str("status") == status && c.Str("level") == level)
            .Select(c => c.GetProperty("count").GetInt64()).SingleOrDefault();

    private static JsonElement Level(JsonElement window, string level) =>
        window.GetProperty("levels").EnumerateArray().Single(l => l.Str("level") == level);

    [Fact]
    public async Task Counts_by_status_and_level_and_mean_times_by_level_over_7_and_30_days()
    {
        var api = new CocApi(_http);
        var accepted = await api.CreateAsync(Ticket("level_20"));
        await api.CreateAsync(Ticket("level_20"));
        var done = await api.CreateAsync(Ticket("level_40"));
        await Task.Delay(20);
        await api.DoAsync(accepted, People.Alice, "acceptedIncident1");
        await api.DoAsync(done, People.Alice, "acceptedIncident1");
        await api.DoAsync(done, People.Alice, "commitSolution1", Bodies.Solution());
        await api.DoAsync(done, People.Carol, "confirm", Bodies.Confirmation(true));
        var mtta = (await api.DetailsAsync(accepted)).Data.GetProperty("mtta_ms").GetInt64();
        var doneDetails = (await api.DetailsAsync(done)).Data;
        var mttr = doneDetails.GetProperty("mttr_ms").GetInt64();
        var doneMtta = doneDetails.GetProperty("mtta_ms").GetInt64();

        var r = await api.GetAsync(Path);

        Wire.AssertOk(r);
        Assert.Equal(1, Count(r.Data, Statuses.Acknowledged, "level_20"));
        Assert.Equal(1, Count(r.Data, Statuses.Triggered, "level_20"));
        Assert.Equal(1, Count(r.Data, Statuses.Completed, "level_40"));
        Assert.Equal(3, r.Data.GetProperty("counts").EnumerateArray().Sum(c => c.GetProperty("count").GetInt64()));
        var windows = r.Data.GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal([7L, 30L], windows.Select(w => w.GetProperty("days").GetInt64()));
        foreach (var window in windows)
        {
            Assert.Equal(["level_10", "level_20", "level_30", "level_40", "level_50"],
                window.GetProperty("levels").EnumerateArray().Select(l => l.Str("level")));
            var p2 = Level(window, "level_20");
            Assert.Equal(2, p2.GetProperty("created").GetInt64());
            Assert.Equal(1, p2.GetProperty("accepted").GetInt64());
            Assert.Equal(mtta, p2.GetProperty("mtta_ms").GetInt64());
            Assert.Equal(0, p2.GetProperty("completed").GetInt64());
            Wire.AssertNull(p2, "mttr_ms");
            var p4 = Level(window, "level_40");
            Assert.Equal(1, p4.GetProperty("completed").GetInt64());
            Assert.Equal(mttr, p4.GetProperty("mttr_ms").GetInt64());
            Assert.Equal(doneMtta, p4.GetProperty("mtta_ms").GetInt64());
            var p1 = Level(window, "level_10");
            Assert.Equal(0, p1.GetProperty("created").GetInt64());
            Wire.AssertNull(p1, "mtta_ms");
            Assert.True(window.GetProperty("since").GetInt64() < window.GetProperty("until").GetInt64());
        }
    }

    [Fact]
    public async Task Another_projects_tickets_are_not_counted()
    {
        var mine = new CocApi(_http);
        await new CocApi(_http).CreateAsync(Ticket("level_20"));

        var r = await mine.GetAsync(Path);

        Wire.AssertOk(r);
        Assert.Empty(r.Data.GetProperty("counts").EnumerateArray());
        Assert.All(r.Data.GetProperty("windows").EnumerateArray(),
            w => Assert.All(w.GetProperty("levels").EnumerateArray(), l => Assert.Equal(0, l.GetProperty("created").GetInt64())));
    }

    [Fact]
    public async Task The_statistics_need_the_list_permission()
    {
        var reader = new CocApi(server.CreateWireClient(TestKey.ReadOnly), "default");

        Wire.AssertOk(await reader.GetAsync(Path));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await new CocApi(server.CreateWireClient(signed: false), "default").GetAsync(Path)).Status);
    }
}
