using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests.V2;

/// <summary>v2.md, Tasks: the nodes derived from the workflow table, with task ids that name one visit of one node.</summary>
public sealed class V2TaskTests(V2TestServer server) : IClassFixture<V2TestServer>
{
    private static readonly string[] Unaccepted = ["accepted", "unAcceptedForward", "rejected", "addRemark"];
    private static readonly string[] Handle = ["commitSolution", "acceptedForward", "incidentPause", "changeLevel", "addRemark"];

    [Fact]
    public async Task A_fresh_ticket_has_one_unaccepted_task_with_id_1_and_accepting_moves_it_to_handle_with_id_2()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));

        var task = Assert.Single(await alice.TaskListAsync(number));
        Wire.AssertString(task, "type", "OperateNode");
        Wire.AssertString(task, "key", "userTaskAccept");
        Wire.AssertString(task, "name", "未受理");
        Wire.AssertString(task, "name_en", "Unaccepted");
        Wire.AssertString(task, "state", "running");
        Assert.Equal(Unaccepted, task.OperationKeys());
        Assert.All(task.GetProperty("operations").EnumerateArray(), o => Wire.AssertString(o, "task_id", "1"));
        Wire.AssertString(task.GetProperty("operations")[0], "name_en", "Accept");

        Wire.AssertOk(await alice.ActAsync(number, "1", "accepted"));

        task = Assert.Single(await alice.TaskListAsync(number));
        Wire.AssertString(task, "key", "userTaskHandle1");
        Assert.Equal(Handle, task.OperationKeys());
        Assert.Equal("2", task.TaskId());
        Assert.Equal(Statuses.Acknowledged, await alice.StatusAsync(number));
    }

    [Fact]
    public async Task A_pause_request_adds_an_approval_node_and_the_approved_pause_is_a_suspended_pause_node()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        await alice.DoV2Async(number, "accepted");
        await alice.DoV2Async(number, "incidentPause", new JsonObject
        {
            ["pause_reason"] = "waiting for the vendor", ["pause_end_time"] = server.Now.AddHours(2).ToUnixTimeMilliseconds(),
        });

        var tasks = await alice.TaskListAsync(number);
        Assert.Equal(2, tasks.Count);
        Assert.Equal(["addRemark"], tasks[0].OperationKeys());
        Assert.Equal("2", tasks[0].TaskId());
        Wire.AssertString(tasks[1], "type", "ApprovalNode");
        Wire.AssertString(tasks[1], "key", "approvalPause");
        Assert.Equal(["agreed", "rejected"], tasks[1].OperationKeys());
        Assert.Equal("3", tasks[1].TaskId());

        var bobApi = server.As(V2Server.Bob, alice.Project);
        Wire.AssertOk(await bobApi.ActAsync(number, "3", "agreed"));

        var paused = Assert.Single(await alice.TaskListAsync(number));
        Wire.AssertString(paused, "type", "PauseNode");
        Wire.AssertString(paused, "key", "userTaskPause");
        Wire.AssertString(paused, "state", "suspended");
        Assert.Equal("4", paused.TaskId());
        Assert.Equal(["commitSolution", "acceptedForward", "changeLevel", "recovery", "addRemark"], paused.OperationKeys());
    }

    [Fact]
    public async Task A_completed_ticket_has_no_tasks_and_an_unknown_one_is_400_as_in_v1()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        await alice.DoV2Async(number, "accepted");
        await alice.DoV2Async(number, "commitSolution", Bodies.Solution());
        await alice.DoV2Async(number, "confirm", Bodies.Confirmation(true));

        var done = await alice.TasksAsync(number);
        Wire.AssertOk(done);
        Assert.Equal(0, done.Data.GetArrayLength());

        Wire.AssertError(await alice.TasksAsync("IM000000000000000000000000"), HttpStatusCode.BadRequest, "COC.00067003");
        var other = server.As(V2Server.Alice);
        Wire.AssertError(await other.TasksAsync(number), HttpStatusCode.BadRequest, "COC.00067003");
    }

    [Fact]
    public async Task Tasks_need_the_list_actions_permission()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        var readOnly = server.As(TestKey.ReadOnly, alice.Project);
        Wire.AssertError(await readOnly.TasksAsync(number), HttpStatusCode.Forbidden, "GOM.00007262", "coc:ticket:listActions");
    }
}
