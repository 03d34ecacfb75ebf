using System.Text.Json;

namespace Coc.Server.Tests;

/// <summary>The seed pages' own examples (shared/seeds), sent byte for byte.</summary>
public sealed class SeedTests(SecureServer server) : IClassFixture<SecureServer>
{
    [Fact]
    public void The_seeds_hold_three_handle_examples_and_one_verification_example()
    {
        var handle = Seeds.HandleExamples("000");
        var verify = Seeds.HandleExamples("001");

        Assert.Equal(3, handle.Count);
        Assert.Single(verify);
        Assert.Equal(["acceptedIncident1", "commitSolution1", "confirm"], handle.Select(b => JsonDocument.Parse(b).RootElement.Str("operate_key")));
        Assert.All(handle.Concat(verify), b => Assert.Equal(StoreSeeding.SeedNumber, JsonDocument.Parse(b).RootElement.Str("incident_num")));
    }

    [Fact]
    public async Task Seed_000_and_001_examples_run_verbatim_on_the_seeds_own_ticket()
    {
        var api = server.Api();
        await server.EnsureProjectAsync(api.Project!);
        await server.SeedTriggeredTicketAsync(api.Project!);
        var (accept, commit, confirm) = (Seeds.HandleExamples("000")[0], Seeds.HandleExamples("000")[1], Seeds.HandleExamples("000")[2]);
        var verify = Seeds.HandleExamples("001")[0];

        await SendAsync(api, accept, Statuses.Acknowledged);
        await SendAsync(api, commit, Statuses.Resolved);
        var resolved = await api.TicketAsync(StoreSeeding.SeedNumber);
        Wire.AssertString(resolved, "incident_type", "inc_type_p_config_issues");
        Assert.True(Wire.AssertBoolean(resolved, "is_service_interrupt"));
        Wire.AssertInteger(resolved, "handle_time");
        await SendAsync(api, confirm, Statuses.Acknowledged); // virtual_confirm_result false: back to handling
        await SendAsync(api, commit, Statuses.Resolved);
        await SendAsync(api, verify, Statuses.Acknowledged);

        var history = await api.HistoryAsync(StoreSeeding.SeedNumber);
        Assert.Equal(["create", "acceptedIncident1", "commitSolution1", "confirm", "commitSolution1", "confirm"],
            history.EnumerateArray().Select(e => e.Str("action")));
        Assert.Equal("13", history[3].Str("comment"));
    }

    [Fact]
    public async Task Seed_000_and_001_examples_run_on_a_ticket_created_through_the_api()
    {
        var api = server.Api();
        var body = Bodies.Create("seed walk-through", assignee: People.Oncall, creator: People.Oncall);
        var number = await api.CreateAsync(body);
        string Renumbered(string example) => example.Replace(StoreSeeding.SeedNumber, number, StringComparison.Ordinal);

        await SendAsync(api, Renumbered(Seeds.HandleExamples("000")[0]), Statuses.Acknowledged, number);
        await SendAsync(api, Renumbered(Seeds.HandleExamples("000")[1]), Statuses.Resolved, number);
        await SendAsync(api, Renumbered(Seeds.HandleExamples("000")[2]), Statuses.Acknowledged, number);
        await SendAsync(api, Renumbered(Seeds.HandleExamples("000")[1]), Statuses.Resolved, number);
        await SendAsync(api, Renumbered(Seeds.HandleExamples("001")[0]), Statuses.Acknowledged, number);
    }

    [Fact]
    public async Task Details_have_every_key_of_the_seed_002_example_with_the_same_json_types()
    {
        var api = server.Api();
        var example = JsonDocument.Parse(Seeds.ObjectAfter("002", "Response Example")).RootElement;
        var body = Bodies.Create();
        body["region"] = new System.Text.Json.Nodes.JsonArray("cn-north-4");
        body["enterprise_project"] = new System.Text.Json.Nodes.JsonArray("0");
        body["current_cloud_service"] = new System.Text.Json.Nodes.JsonArray("6470681a31da2a47ed50a919");
        body["incident_level"] = "level_10";
        body["assignee_scene"] = "";
        body["assignee_role"] = "";
        body["incident_description"] = "25819b46251b46218bf6ad238ddd860c";
        var number = await api.CreateAsync(body);
        await api.DoAsync(number, People.Alice, "acceptedIncident1");

        var response = await api.DetailsAsync(number);

        Wire.AssertOk(response);
        foreach (var top in example.EnumerateObject().Where(p => p.Name != "data"))
            Assert.Equal(Kind(top.Value), Kind(response.Json.GetProperty(top.Name)));
        var ours = response.Data;
        foreach (var field in example.GetProperty("data").EnumerateObject())
        {
            Assert.True(ours.TryGetProperty(field.Name, out var value), $"details lack the seed's '{field.Name}'");
            Assert.True(Kind(field.Value) == Kind(value), $"'{field.Name}' is {value.ValueKind} here, {field.Value.ValueKind} in seed 002");
        }
        Assert.Equal(
            example.GetProperty("data").GetProperty("enum_data_list").EnumerateArray().Select(e => e.Str("filed_key")),
            ours.GetProperty("enum_data_list").EnumerateArray().Select(e => e.Str("filed_key")));
        var app = ours.GetProperty("enum_data_list")[0];
        Assert.Equal(("COC", "COC"), (app.Str("name_zh"), app.Str("name_en")));
    }

    private static string Kind(JsonElement e) => e.ValueKind is JsonValueKind.True or JsonValueKind.False ? "boolean" : e.ValueKind.ToString();

    private static async Task SendAsync(CocApi api, string exampleBody, string expectedStatus, string number = StoreSeeding.SeedNumber)
    {
        var response = await api.PostAsync("/v1/external/incident/handle", exampleBody, "application/json");
        Wire.AssertOk(response);
        Assert.Equal(JsonValueKind.Null, response.Data.ValueKind);
        Assert.Equal(expectedStatus, await api.StatusAsync(number));
    }
}
