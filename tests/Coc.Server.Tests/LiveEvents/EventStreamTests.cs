using System.Net;
using Coc.Server.Tests.Auth;

namespace Coc.Server.Tests.LiveEvents;

/// <summary>Secure mode, the stream's keep-alive at 0.3 s, and a key that may read tickets but not list them.</summary>
public sealed class EventStreamServer() : AuthServer(settings: Settings())
{
    public static readonly TestKey NoList = new("STREAMNOLIST0000001", "stream-no-list-secret-0123456789abcdef");

    private static IEnumerable<KeyValuePair<string, string>> Settings() =>
        KeySettings(3, NoList, "coc:ticket:get,coc:ticket:create,coc:ticket:action")
            .Append(KeyValuePair.Create("Coc:Events:KeepAliveSeconds", "0.3"));
}

/// <summary>outbound.md, Live events: <c>GET /v1/events/stream</c> over real HTTP.</summary>
public sealed class EventStreamTests(EventStreamServer server) : IClassFixture<EventStreamServer>
{
    private readonly CocApi _api = server.Api();

    private static async Task<SseFrame> NextOfTypeAsync(SseStream stream, string prefix)
    {
        while (true)
        {
            var e = await stream.NextEventAsync();
            if (e.Type?.StartsWith(prefix, StringComparison.Ordinal) == true) return e;
        }
    }

    [Fact]
    public async Task A_change_arrives_as_an_event_with_its_id_type_and_the_webhook_body()
    {
        await using var stream = await SseStream.OpenAsync(_api);
        Assert.Equal(HttpStatusCode.OK, stream.Status);
        Assert.Equal("text/event-stream", stream.ContentType);

        var number = await _api.CreateAsync();
        var e = await stream.NextEventAsync();

        Assert.Equal("incident.created", e.Type);
        Assert.Matches("^evt_[a-z0-9]{24}$", e.Id);
        var body = e.Json;
        Assert.Equal(e.Id, body.Str("id"));
        Assert.Equal("incident.created", body.Str("type"));
        Assert.Equal(_api.Project, body.Str("project_id"));
        Assert.EndsWith("Z", body.Str("timestamp"));
        Assert.Equal(number, body.GetProperty("data").GetProperty("incident").Str("incident_num"));
        Assert.Equal($"{number}-1", body.GetProperty("data").GetProperty("history").Str("action_id"));
    }

    [Fact]
    public async Task Last_event_id_resumes_from_the_next_event_in_order()
    {
        var ids = new List<string>();
        string number;
        await using (var first = await SseStream.OpenAsync(_api))
        {
            number = await _api.CreateAsync();
            await _api.DoAsync(number, People.Alice, "acceptedIncident1");
            await _api.DoAsync(number, People.Alice, "commitSolution1", Bodies.Solution());
            for (var i = 0; i < 3; i++) ids.Add((await first.NextEventAsync()).Id!);
        }

        await using var resumed = await SseStream.OpenAsync(_api, lastEventId: ids[0]);
        var second = await resumed.NextEventAsync();
        var third = await resumed.NextEventAsync();

        Assert.Equal([ids[1], ids[2]], [second.Id!, third.Id!]);
        Assert.Equal("incident.acceptedIncident1", second.Type);
        Assert.Equal("incident.commitSolution1", third.Type);
        Assert.Equal($"{number}-2", second.Json.GetProperty("data").GetProperty("history").Str("action_id"));
        // then it follows live, without sending the caught-up events again
        var next = await _api.CreateAsync();
        var live = await resumed.NextEventAsync();
        Assert.Equal(next, live.Json.GetProperty("data").GetProperty("incident").Str("incident_num"));
    }

    [Fact]
    public async Task An_event_no_longer_kept_answers_one_reset_then_the_stream_follows_from_now()
    {
        var before = await _api.CreateAsync();
        await using var stream = await SseStream.OpenAsync(_api, lastEventId: "evt_" + new string('q', 24));

        var reset = await stream.NextEventAsync();
        Assert.Equal("reset", reset.Type);
        Assert.Null(reset.Id);
        Assert.Contains("Last-Event-ID", reset.Json.Str("reason"));

        var number = await _api.CreateAsync();
        var e = await stream.NextEventAsync();
        Assert.Equal("incident.created", e.Type);
        Assert.Equal(number, e.Json.GetProperty("data").GetProperty("incident").Str("incident_num"));
        Assert.NotEqual(before, number);
    }

    [Fact]
    public async Task A_stream_carries_only_its_projects_events_and_another_projects_id_does_not_resume()
    {
        var other = server.Api();
        string otherId;
        await using (var theirs = await SseStream.OpenAsync(other))
        {
            await other.CreateAsync();
            otherId = (await theirs.NextEventAsync()).Id!;
        }

        await using var mine = await SseStream.OpenAsync(_api);
        await other.CreateAsync();
        var number = await _api.CreateAsync();
        var e = await mine.NextEventAsync();
        Assert.Equal(_api.Project, e.Json.Str("project_id"));
        Assert.Equal(number, e.Json.GetProperty("data").GetProperty("incident").Str("incident_num"));

        await using var resumed = await SseStream.OpenAsync(_api, lastEventId: otherId);
        Assert.Equal("reset", (await resumed.NextEventAsync()).Type);
    }

    [Fact]
    public async Task Without_coc_ticket_list_the_stream_is_refused_with_403()
    {
        var api = new CocApi(server.CreateWireClient(EventStreamServer.NoList), _api.Project);
        var r = await api.GetAsync("/v1/events/stream");
        Wire.AssertError(r, HttpStatusCode.Forbidden, AuthAssert.Forbidden, "coc:ticket:list");
    }

    [Fact]
    public async Task A_malformed_last_event_id_is_a_400_naming_it()
    {
        var r = await _api.SendAsync(HttpMethod.Get, "/v1/events/stream", headers: [KeyValuePair.Create("Last-Event-ID", "not-an-event")]);
        Wire.AssertError(r, HttpStatusCode.BadRequest, Wire.InvalidParameter, "Last-Event-ID");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, r.Json.GetProperty("data").ValueKind);
    }

    [Fact]
    public async Task An_idle_stream_gets_keep_alive_comments()
    {
        await using var stream = await SseStream.OpenAsync(_api);
        var first = await stream.NextAsync(seconds: 3);
        var second = await stream.NextAsync(seconds: 3);
        Assert.Equal("keep-alive", first.Comment);
        Assert.Equal("keep-alive", second.Comment);
        Assert.Null(first.Type);
    }
}
