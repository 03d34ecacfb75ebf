using System.Text.Json;

namespace Coc.Server.Tests.V2;

/// <summary>
/// The SDK's v2 and WarRoom calls, rows 31–38 of shared/fixtures/sdk-signed-requests-2.jsonl, replayed in order with
/// their own signatures in secure mode (the fixture key bound to the rows' person); each answer has the documented shape.
/// </summary>
public sealed class V2FixtureReplayTests
{
    /// <summary>The rows were signed at 21:52:31 UTC; a server clock a minute later accepts them all.</summary>
    private static readonly DateTimeOffset SignedAt = new(2026, 12, 1, 21, 53, 31, TimeSpan.Zero);

    [Fact]
    public async Task Signed_rows_31_to_38_replay_in_secure_mode()
    {
        await using var server = new V2Server(SignedAt);
        const string project = StoreSeeding.FixtureProject;
        await server.EnsureProjectAsync(project);
        await server.SeedTriggeredTicketAsync(project);
        using var http = server.CreateWireClient(signed: false);
        var answers = new Dictionary<int, WireResponse>();
        for (var id = 31; id <= 38; id++) answers[id] = await FixtureReplayTests.SendAsync(http, SdkRequests.Row(id), withAuthorization: true);

        // 31: the list; its create_time window (before the seeded ticket) matches nothing, its count filter counts the ticket
        Wire.AssertOk(answers[31]);
        Assert.Equal(0, Wire.AssertInteger(answers[31].Data, "total"));
        Assert.Equal(0, answers[31].Data.GetProperty("tickets").GetArrayLength());
        Assert.Equal([1L], answers[31].Data.GetProperty("count_results").EnumerateArray().Select(c => c.GetInt64()));

        // 32: the fresh ticket's one task, "1"; 33 accepts it; 34: the handle task, "2"
        Wire.AssertOk(answers[32]);
        var before = Assert.Single(answers[32].Data.EnumerateArray().ToList());
        Wire.AssertString(before, "key", "userTaskAccept");
        Assert.Equal("1", before.TaskId());
        Wire.AssertOk(answers[33]);
        Assert.Equal(JsonValueKind.Null, answers[33].Data.ValueKind);
        var after = Assert.Single(answers[34].Data.EnumerateArray().ToList());
        Wire.AssertString(after, "key", "userTaskHandle1");
        Assert.Equal("2", after.TaskId());
        Assert.Contains("addRemark", after.OperationKeys());

        // 35: a remark on task "2"; 36: the accept and the remark, newest first
        Wire.AssertOk(answers[35]);
        Wire.AssertOk(answers[36]);
        Assert.Equal(2, Wire.AssertInteger(answers[36].Data, "total"));
        var info = answers[36].Data.GetProperty("info").EnumerateArray().ToList();
        Assert.Equal(["addRemark", "acceptedIncident1"], info.Select(e => e.Str("action")));
        Wire.AssertString(info[0], "comment", "nginx restarted on both hosts");
        Assert.All(info, e => Wire.AssertString(e, "operator", People.Oncall));
        Assert.All(info, e => Wire.AssertString(e, "status", Statuses.Acknowledged));

        // 37 starts the ticket's WarRoom; 38 finds it, running, by incident and admin
        Wire.AssertOk(answers[37]);
        var num = answers[37].Data.GetString()!;
        Assert.Matches(@"^WR\d{24}$", num);
        Wire.AssertOk(answers[38]);
        var room = Assert.Single(answers[38].Data.GetProperty("list").EnumerateArray().ToList());
        Wire.AssertString(room, "war_room_num", num);
        Wire.AssertString(room, "title", "WarRoom HighCPU web tier");
        Wire.AssertString(room.GetProperty("incident"), "incident_id", StoreSeeding.SeedNumber);
        Wire.AssertString(room.GetProperty("war_room_status"), "id", "1");
        Wire.AssertString(room.GetProperty("impacted_application")[0], "name", "web-shop");
        foreach (var key in new[] { "total", "total_num", "running_num" }) Assert.Equal(1, Wire.AssertInteger(answers[38].Data, key));
        Assert.Equal(0, Wire.AssertInteger(answers[38].Data, "closed_num"));
    }
}
