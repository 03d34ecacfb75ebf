using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coc.Server.Tests.Auth;

namespace Coc.Server.Tests.V2;

/// <summary>What the on-call desk's timeline needs from the history (issue #17 item 4): the entry of an operation that
/// started a WarRoom names it (warrooms.md, Lifecycle), and a note is added through v2's addRemark.</summary>
public sealed class WarRoomStartedEntryTests(V2TestServer server) : IClassFixture<V2TestServer>
{
    [Fact]
    public async Task The_escalation_that_started_a_warroom_names_it_and_no_other_entry_does()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create("db down", creator: People.Alice));
        await alice.DoV2Async(number, "accepted");
        await alice.DoV2Async(number, "changeLevel", new JsonObject { ["virtual_target_level"] = "level_10", ["virtual_change_level_comment"] = "major" });
        var warRoom = (await alice.TicketAsync(number)).Str("warroom_id");

        var entries = (await alice.HistoryAsync(number)).EnumerateArray().ToList();

        Assert.Equal(["create", "acceptedIncident1", "incidentChangeLevel1"], entries.Select(e => e.Str("action")));
        Wire.AssertNull(entries[0], "warroom_started");
        Wire.AssertNull(entries[1], "warroom_started");
        Wire.AssertString(entries[2], "warroom_started", warRoom);
    }

    [Fact]
    public async Task A_warroom_started_through_the_api_is_named_by_its_own_entry()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        var created = await alice.PostAsync("/v1/external/warrooms", new JsonObject
        {
            ["war_room_name"] = "web", ["application_id_list"] = new JsonArray("app-123"), ["incident_number"] = number,
            ["schedule_group"] = new JsonArray(), ["war_room_admin"] = People.Alice, ["enterprise_project_id"] = "0",
        });
        Wire.AssertOk(created);

        var last = (await alice.HistoryAsync(number)).EnumerateArray().Last();

        Wire.AssertString(last, "action", "start_warroom");
        Wire.AssertString(last, "warroom_started", created.Data.GetString()!);
    }

    [Fact]
    public async Task An_escalation_that_matches_no_rule_names_no_warroom()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        await alice.DoV2Async(number, "accepted");
        await alice.DoV2Async(number, "changeLevel", new JsonObject { ["virtual_target_level"] = "level_30", ["virtual_change_level_comment"] = "worse" });

        Wire.AssertNull(await alice.TicketAsync(number), "warroom_id");
        Wire.AssertNull((await alice.HistoryAsync(number)).EnumerateArray().Last(), "warroom_started");
    }
}

/// <summary>v2 actions take an added, optional <c>operator</c> under v1's rule (auth.md, People behind credentials): the
/// console's "Add note" names its acting person as every v1 operation does.</summary>
public sealed class V2ActionOperatorTests(ActingPersonServer server) : IClassFixture<ActingPersonServer>
{
    private static Task<WireResponse> RemarkAsync(CocApi api, string number, string? operatorId)
    {
        var body = new JsonObject { ["task_id"] = "1", ["action"] = "addRemark", ["params"] = new JsonObject { ["note"] = "looking" } };
        if (operatorId is not null) body["operator"] = operatorId;
        return api.PostAsync($"/v2/incidents/{number}/actions", body);
    }

    [Fact]
    public async Task A_key_bound_to_a_person_may_name_only_that_person_and_a_refusal_writes_nothing()
    {
        var alice = server.As(ActingPersonServer.Alice);
        var number = await alice.CreateAsync(Bodies.Create(assignee: People.Bob, creator: People.Alice));

        var refused = await RemarkAsync(alice, number, People.Bob);

        Wire.AssertError(refused, HttpStatusCode.Forbidden, AuthAssert.Forbidden, "operator");
        Assert.Contains("coc:ticket:actForOthers", refused.Text, StringComparison.Ordinal);
        Assert.Single((await alice.HistoryAsync(number)).EnumerateArray());
        Wire.AssertOk(await RemarkAsync(alice, number, People.Alice));
        Wire.AssertOk(await RemarkAsync(alice, number, ""));
        var notes = (await alice.HistoryAsync(number)).EnumerateArray().Skip(1).ToList();
        Assert.Equal([People.Alice, People.Alice], notes.Select(e => e.Str("operator")));
    }

    [Fact]
    public async Task ActForOthers_names_the_operator_and_the_history_keeps_who_authenticated()
    {
        var forOthers = server.As(ActingPersonServer.AliceForOthers);
        var number = await forOthers.CreateAsync(Bodies.Create(assignee: People.Bob, creator: People.Carol));

        Wire.AssertOk(await RemarkAsync(forOthers, number, People.Carol));

        var note = (await forOthers.HistoryAsync(number)).EnumerateArray().Last();
        Wire.AssertString(note, "action", "addRemark");
        Wire.AssertString(note, "operator", People.Carol);
        Wire.AssertString(note, "comment", "looking");
        Wire.AssertString(note, "principal", "ak:" + ActingPersonServer.AliceForOthers.AccessKey);
    }

    [Fact]
    public async Task An_operator_that_is_not_a_string_is_400_naming_it()
    {
        var alice = server.As(ActingPersonServer.Alice);
        var number = await alice.CreateAsync(Bodies.Create(assignee: People.Alice, creator: People.Alice));

        var r = await alice.PostAsync($"/v2/incidents/{number}/actions", """{"task_id":"1","action":"addRemark","operator":7,"params":{"note":"n"}}""");

        Wire.AssertError(r, HttpStatusCode.BadRequest, "GOM.00007256", "operator");
    }
}
