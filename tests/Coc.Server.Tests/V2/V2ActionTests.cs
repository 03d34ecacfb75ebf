using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests.V2;

/// <summary>v2.md, Actions: the v1 operations under their v2 keys, checked in the same order, on the same history.</summary>
public sealed class V2ActionTests(V2TestServer server) : IClassFixture<V2TestServer>
{
    [Fact]
    public async Task A_stale_task_id_is_a_conflict_that_changes_nothing()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        Wire.AssertOk(await alice.ActAsync(number, "1", "accepted"));

        var stale = await alice.ActAsync(number, "1", "addRemark", new JsonObject { ["note"] = "late" });

        Wire.AssertError(stale, HttpStatusCode.Conflict, "GOM.00007258", "task_id[1] is not current for action[addRemark]");
        Assert.Equal(2, (await alice.HistoryAsync(number)).GetArrayLength());
    }

    [Fact]
    public async Task An_action_the_task_does_not_offer_is_a_conflict_and_an_unknown_action_is_400_before_the_ticket_is_read()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));

        Wire.AssertError(await alice.ActAsync(number, "1", "acceptedForward", new JsonObject { ["virtual_send_assignee"] = People.Bob }),
            HttpStatusCode.Conflict, "GOM.00007258", "action[acceptedForward]");
        Wire.AssertError(await alice.ActAsync(number, "1", "confirm"), HttpStatusCode.Conflict, "GOM.00007258");
        Wire.AssertError(await alice.ActAsync("IM000000000000000000000000", "1", "fly"), HttpStatusCode.BadRequest, "GOM.00007256",
            "The field[action] value[fly] invalid");
        Wire.AssertError(await alice.ActAsync("IM000000000000000000000000", "1", "accepted"), HttpStatusCode.BadRequest, "COC.00067003");
        Wire.AssertError(await alice.PostAsync($"/v2/incidents/{number}/actions", """{"action":"accepted"}"""),
            HttpStatusCode.BadRequest, "GOM.00007256", "task_id");
        Wire.AssertError(await alice.PostAsync($"/v2/incidents/{number}/actions", """{"task_id":"1","action":"accepted","params":[1]}"""),
            HttpStatusCode.BadRequest, "GOM.00007256", "params");
        Assert.Equal(Statuses.Triggered, await alice.StatusAsync(number));
        Assert.Single((await alice.HistoryAsync(number)).EnumerateArray());
    }

    [Fact]
    public async Task The_v1_aliases_and_blank_padded_keys_are_accepted()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        Wire.AssertOk(await alice.ActAsync(number, "1", " acceptedIncident1 "));
        Wire.AssertOk(await alice.ActAsync(number, "2", "AddRemark", new JsonObject { ["note"] = "n" }));
        Wire.AssertOk(await alice.ActAsync(number, "2", "commitSolution1", Bodies.Solution()));
        Assert.Equal(Statuses.Resolved, await alice.StatusAsync(number));
    }

    [Fact]
    public async Task The_operator_is_the_credentials_person_so_the_workflows_operator_rules_apply()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(assignee: People.Alice, creator: People.Alice));
        var bob = server.As(V2Server.Bob, alice.Project);

        Wire.AssertError(await bob.ActAsync(number, "1", "accepted"), HttpStatusCode.Conflict, "GOM.00007258", People.Bob);
        Wire.AssertOk(await alice.ActAsync(number, "1", "accepted"));
        var history = (await alice.HistoryAsync(number)).EnumerateArray().ToList();
        Wire.AssertString(history[1], "operator", People.Alice);
        Wire.AssertString(history[1], "principal", "ak:" + V2Server.Alice.AccessKey);
    }

    [Fact]
    public async Task A_key_bound_to_no_person_may_not_act_in_secure_mode()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        var system = server.As(V2Server.Unbound, alice.Project);

        Wire.AssertError(await system.ActAsync(number, "1", "accepted"), HttpStatusCode.Forbidden, "GOM.00007262", "bound to no person");
        Assert.Equal(Statuses.Triggered, await alice.StatusAsync(number));
    }

    [Fact]
    public async Task Params_are_checked_after_the_workflow_and_name_their_field()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        Wire.AssertError(await alice.ActAsync(number, "1", "rejected", new JsonObject()), HttpStatusCode.BadRequest, "GOM.00007256",
            "params.virtual_confirm_comment");
        Wire.AssertError(await alice.ActAsync(number, "1", "addRemark", new JsonObject { ["note"] = new string('x', 301) }),
            HttpStatusCode.BadRequest, "GOM.00007256", "params.note");
        Assert.Single((await alice.HistoryAsync(number)).EnumerateArray());
    }

    [Fact]
    public async Task Whitespace_only_free_text_is_400_naming_the_field_in_v1_and_v2_and_changes_nothing()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(assignee: People.Alice, creator: People.Alice));
        Wire.AssertError(await alice.ActAsync(number, "1", "addRemark", new JsonObject { ["note"] = "  \t " }),
            HttpStatusCode.BadRequest, "GOM.00007256", "params.note must not be blank");
        Wire.AssertError(await alice.HandleAsync(number, People.Alice, "rejected", new JsonObject { ["virtual_confirm_comment"] = "   " }),
            HttpStatusCode.BadRequest, "GOM.00007256", "parameter.virtual_confirm_comment must not be blank");
        await alice.DoV2Async(number, "accepted");

        var blankCause = Bodies.Solution();
        blankCause["cause"] = "    ";
        Wire.AssertError(await alice.HandleAsync(number, People.Alice, "commitSolution1", blankCause),
            HttpStatusCode.BadRequest, "GOM.00007256", "parameter.cause must not be blank");
        var blankSolution = Bodies.Solution();
        blankSolution["solution"] = "\n\n";
        Wire.AssertError(await alice.ActAsync(number, "2", "commitSolution", blankSolution),
            HttpStatusCode.BadRequest, "GOM.00007256", "params.solution must not be blank");

        Assert.Equal(Statuses.Acknowledged, await alice.StatusAsync(number));
        Assert.Equal(2, (await alice.HistoryAsync(number)).GetArrayLength());
    }

    [Fact]
    public async Task A_remark_writes_an_entry_and_changes_no_status_and_a_completed_ticket_takes_none()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        Wire.AssertOk(await alice.ActAsync(number, "1", "addRemark", new JsonObject { ["note"] = "looking at it" }));

        var entry = (await alice.HistoryAsync(number)).EnumerateArray().Last();
        Wire.AssertString(entry, "action", "addRemark");
        Wire.AssertString(entry, "comment", "looking at it");
        Wire.AssertString(entry, "action_name_en", "Add remark");
        Wire.AssertString(entry, "action_name_zh", "添加备注");
        Wire.AssertString(entry, "status", Statuses.Triggered);
        Assert.Equal("1", Assert.Single(await alice.TaskListAsync(number)).TaskId());

        await alice.DoV2Async(number, "accepted");
        await alice.DoV2Async(number, "commitSolution", Bodies.Solution());
        await alice.DoV2Async(number, "confirm", Bodies.Confirmation(true));
        Wire.AssertError(await alice.ActAsync(number, "4", "addRemark", new JsonObject { ["note"] = "after" }),
            HttpStatusCode.Conflict, "GOM.00007258");
    }

    [Fact]
    public async Task Concurrent_accepts_of_one_task_have_exactly_one_winner()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => alice.ActAsync(number, "1", "accepted")));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.Status));
        Assert.Single((await alice.HistoryAsync(number)).EnumerateArray(), e => e.Str("action") == "acceptedIncident1");
    }

    [Fact]
    public async Task A_v1_operation_and_its_v2_counterpart_leave_identical_history_entries_apart_from_ids_and_times()
    {
        var alice = server.As(V2Server.Alice);
        var v1 = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        var v2 = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        var forward = new JsonObject { ["virtual_send_assignee"] = People.Bob, ["virtual_send_comment"] = "yours" };
        var bob = server.As(V2Server.Bob, alice.Project);

        await alice.DoAsync(v1, People.Alice, "forwardOther1", forward.DeepClone().AsObject());
        await alice.DoV2Async(v2, "unAcceptedForward", forward.DeepClone().AsObject());
        await bob.DoAsync(v1, People.Bob, "acceptedIncident1");
        await bob.DoV2Async(v2, "accepted");
        await bob.DoAsync(v1, People.Bob, "commitSolution1", Bodies.Solution());
        await bob.DoV2Async(v2, "commitSolution", Bodies.Solution());
        await alice.DoAsync(v1, People.Alice, "confirm", Bodies.Confirmation(false, "not fixed"));
        await alice.DoV2Async(v2, "confirm", Bodies.Confirmation(false, "not fixed"));

        var one = Comparable(await alice.HistoryAsync(v1));
        var two = Comparable(await alice.HistoryAsync(v2));
        Assert.Equal(5, one.Count);
        Assert.Equal(one, two);
    }

    /// <summary>Each entry as compact JSON without what differs by construction: ids, ticket numbers and times.</summary>
    private static List<string> Comparable(JsonElement history) =>
    [
        .. history.EnumerateArray().Select(e =>
        {
            var o = JsonNode.Parse(e.GetRawText())!.AsObject();
            foreach (var key in new[] { "id", "ticket_id", "action_id", "start_time", "stop_time", "update_time" }) o.Remove(key);
            return o.ToJsonString();
        }),
    ];
}
