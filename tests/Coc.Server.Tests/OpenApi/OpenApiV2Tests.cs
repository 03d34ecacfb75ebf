using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Coc.Server.Tests.V2;

namespace Coc.Server.Tests.OpenApi;

/// <summary>The v2 and WarRoom operations: the SDK's own request bodies validate against the documented request schemas,
/// and every answer, refusals included, matches the document.</summary>
public sealed class OpenApiV2Tests(V2TestServer server) : IClassFixture<V2TestServer>
{
    [Theory]
    [InlineData(31, "/v2/incidents/list")]
    [InlineData(33, "/v2/incidents/{incident_id}/actions")]
    [InlineData(35, "/v2/incidents/{incident_id}/actions")]
    [InlineData(36, "/v2/incidents/{incident_id}/histories")]
    [InlineData(37, "/v1/external/warrooms")]
    [InlineData(38, "/v1/external/warrooms/list")]
    public async Task The_sdks_request_bodies_are_valid_by_the_document(int row, string path)
    {
        var c = await ContractAsync();
        var body = JsonNode.Parse(SdkRequests.Row(row).Body);
        var results = c.Evaluate(c.RequestSchema(path, "post"), body);
        Assert.True(results.IsValid, $"row {row}: {OpenApiContract.Explain(results)}");
    }

    [Fact]
    public async Task Every_v2_and_warroom_answer_matches_the_document()
    {
        var c = await ContractAsync();
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        using var http = server.Client(V2Server.Alice);
        http.DefaultRequestHeaders.Add("X-Project-Id", alice.Project);
        StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
        var tasks = $"/v2/incidents/{number}/tasks";
        var actions = $"/v2/incidents/{number}/actions";
        var histories = $"/v2/incidents/{number}/histories";

        async Task Check(string path, string method, HttpResponseMessage response, HttpStatusCode expected, string what)
        {
            using (response) Assert.Equal(expected, (await c.AssertDocumentedAsync(path, method, response, what)).Status);
        }

        await Check("/v2/incidents/{incident_id}/tasks", "get", await http.GetAsync(tasks), HttpStatusCode.OK, "tasks");
        await Check("/v2/incidents/{incident_id}/tasks", "get", await http.GetAsync("/v2/incidents/IM0/tasks"), HttpStatusCode.BadRequest, "unknown");
        await Check("/v2/incidents/{incident_id}/actions", "post", await http.PostAsync(actions, Json("""{"task_id":"1","action":"accepted"}""")), HttpStatusCode.OK, "accept");
        await Check("/v2/incidents/{incident_id}/actions", "post", await http.PostAsync(actions, Json("""{"task_id":"1","action":"accepted"}""")), HttpStatusCode.Conflict, "stale");
        await Check("/v2/incidents/{incident_id}/actions", "post", await http.PostAsync(actions, Json("""{"task_id":"2"}""")), HttpStatusCode.BadRequest, "no action");
        await Check("/v2/incidents/{incident_id}/histories", "post", await http.PostAsync(histories, null), HttpStatusCode.OK, "histories");
        await Check("/v2/incidents/list", "post", await http.PostAsync("/v2/incidents/list", Json("{}")), HttpStatusCode.OK, "list");
        await Check("/v2/incidents/list", "post", await http.PostAsync("/v2/incidents/list", Json("""{"fields":["title"],"contain_total":false}""")), HttpStatusCode.OK, "narrow list");
        var create = $$"""
            {"war_room_name":"w","application_id_list":["app-123"],"incident_number":"{{number}}","schedule_group":[],
             "war_room_admin":"{{People.Alice}}","enterprise_project_id":"0"}
            """;
        await Check("/v1/external/warrooms", "post", await http.PostAsync("/v1/external/warrooms", Json(create)), HttpStatusCode.OK, "warroom");
        await Check("/v1/external/warrooms", "post", await http.PostAsync("/v1/external/warrooms", Json(create)), HttpStatusCode.Conflict, "second warroom");
        await Check("/v1/external/warrooms/list", "post", await http.PostAsync("/v1/external/warrooms/list", Json("""{"limit":10}""")), HttpStatusCode.OK, "warrooms");
        using var readOnly = server.Client(TestKey.ReadOnly);
        readOnly.DefaultRequestHeaders.Add("X-Project-Id", alice.Project);
        await Check("/v1/external/warrooms/list", "post", await readOnly.PostAsync("/v1/external/warrooms/list", Json("{}")), HttpStatusCode.Forbidden, "forbidden");
    }

    private async Task<OpenApiContract> ContractAsync()
    {
        using var http = server.CreateWireClient(signed: false);
        return await OpenApiContract.LoadAsync(http);
    }
}
