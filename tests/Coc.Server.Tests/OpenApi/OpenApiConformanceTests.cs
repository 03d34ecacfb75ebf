using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests.OpenApi;

/// <summary>
/// Property-based: requests generated from the document's own schemas, valid and broken, are sent to the server
/// and every answer must be documented (status listed, body matching the schema for that status). Valid requests
/// must succeed where the schema says all there is to say; broken ones must be a 400 naming the field.
/// </summary>
public sealed class OpenApiConformanceTests(EmulatorServer server) : IClassFixture<EmulatorServer>
{
    private const int Samples = 60;
    private const string Create = "/v1/external/incident/create";
    private const string Handle = "/v1/external/incident/handle";
    private const string Details = "/v1/external/incident/{incident_num}";
    private const string List = "/v1/incident-tickets";
    private const string Histories = "/v1/external/{ticket_type}/list-histories";

    private async Task<(OpenApiContract, HttpClient)> StartAsync(string project)
    {
        var http = server.CreateWireClient();
        http.DefaultRequestHeaders.Add("X-Project-Id", project);
        return (await OpenApiContract.LoadAsync(http), http);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, JsonNode body) =>
        http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>The cross-field rules a schema cannot state (assignee or scene and role; a region when a WarRoom starts), made to hold.</summary>
    private static JsonObject SatisfyCrossFieldRules(JsonObject create)
    {
        if (create["incident_assignee"] is not JsonArray assignee || !assignee.Any(a => a?.GetValue<string>() is { Length: > 0 }))
            create["incident_assignee"] = new JsonArray(People.Alice);
        if (create["region"] is not JsonArray region || !region.Any(r => r?.GetValue<string>() is { Length: > 0 }))
            create["region"] = new JsonArray("cn-north-4");
        return create;
    }

    private static void AssertNamesTheField(JsonNode? body, string field, string what)
    {
        var message = body?["error_msg"]?.GetValue<string>() ?? "";
        Assert.True(body?["error_code"]?.GetValue<string>() == Wire.InvalidParameter, $"{what}: {body?.ToJsonString()}");
        Assert.True(message.Contains(field, StringComparison.Ordinal), $"{what}: error_msg does not name {field}: {message}");
    }

    [Fact]
    public async Task Generated_valid_creates_succeed_and_their_answers_match_the_document()
    {
        var (c, http) = await StartAsync("openapi-create");
        var random = new Random(20261201);
        var generator = new SchemaGenerator(c, random);
        var schema = c.RequestSchema(Create, "post");

        for (var i = 0; i < Samples; i++)
        {
            var body = SatisfyCrossFieldRules(generator.Valid(schema)!.AsObject());
            var valid = c.Evaluate(schema, body);
            Assert.True(valid.IsValid, $"generator made an invalid body #{i}: {OpenApiContract.Explain(valid)}\n{body.ToJsonString()}");
            using var response = await PostAsync(http, Create, body);
            var (status, answer) = await c.AssertDocumentedAsync(Create, "post", response, $"create #{i} {body.ToJsonString()}");
            Assert.True(status == HttpStatusCode.OK, $"create #{i}: a valid body was refused: {answer?.ToJsonString()}\n{body.ToJsonString()}");

            var number = answer!["data"]!["incident_num"]!.GetValue<string>();
            using var details = await http.GetAsync("/v1/external/incident/" + Uri.EscapeDataString(number));
            var (detailStatus, _) = await c.AssertDocumentedAsync(Details, "get", details, $"details of #{i}");
            Assert.Equal(HttpStatusCode.OK, detailStatus);
        }
    }

    [Fact]
    public async Task Generated_invalid_creates_are_400_naming_the_field_and_change_nothing()
    {
        var (c, http) = await StartAsync("openapi-create-invalid");
        var generator = new SchemaGenerator(c, new Random(7));
        var schema = c.RequestSchema(Create, "post");

        for (var i = 0; i < Samples; i++)
        {
            var valid = SatisfyCrossFieldRules(generator.Valid(schema)!.AsObject());
            var (body, field, rule) = generator.Invalid(schema, valid);
            Assert.False(c.Evaluate(schema, body).IsValid, $"#{i}: breaking {field} ({rule}) left the body valid: {body.ToJsonString()}");
            using var response = await PostAsync(http, Create, body);
            var (status, answer) = await c.AssertDocumentedAsync(Create, "post", response, $"create #{i} ({field}: {rule})");
            Assert.True(status == HttpStatusCode.BadRequest, $"#{i}: {field} broken by {rule} answered {(int)status}: {body.ToJsonString()}");
            AssertNamesTheField(answer, field, $"create #{i} ({field}: {rule})");
        }
        using var list = await http.GetAsync(List);
        var (_, page) = await c.AssertDocumentedAsync(List, "get", list, "list after the refused creates");
        Assert.Equal(0, page!["data"]!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Generated_list_queries_are_answered_as_documented()
    {
        var (c, http) = await StartAsync("openapi-list");
        var generator = new SchemaGenerator(c, new Random(11));
        for (var i = 0; i < 3; i++) Wire.AssertOk(await new CocApi(http, "openapi-list").TryCreateAsync());
        var parameters = c.Parameters(List, "get").Where(p => p["in"]!.GetValue<string>() == "query").ToList();

        for (var i = 0; i < Samples; i++)
        {
            var chosen = parameters.Where(_ => Random.Shared.Next(2) == 0).ToList();
            var broken = i % 2 == 1 && chosen.Count > 0 ? chosen[i % chosen.Count] : null;
            var pairs = new List<string>();
            string? rule = null;
            foreach (var p in chosen)
            {
                var name = p["name"]!.GetValue<string>();
                string? value;
                if (p == broken) (value, rule) = generator.InvalidQueryValue(p["schema"]!.AsObject());
                else value = generator.QueryValue(p["schema"]!.AsObject());
                if (value is not null) pairs.Add($"{name}={Uri.EscapeDataString(value)}");
            }
            var target = List + (pairs.Count > 0 ? "?" + string.Join("&", pairs) : "");
            using var response = await http.GetAsync(target);
            var (status, answer) = await c.AssertDocumentedAsync(List, "get", response, target);
            if (broken is null)
                Assert.True(status == HttpStatusCode.OK, $"{target}: {answer?.ToJsonString()}");
            else
                AssertNamesTheField(answer, broken["name"]!.GetValue<string>(), $"{target} ({rule})");
        }
    }

    [Fact]
    public async Task Generated_history_requests_are_answered_as_documented()
    {
        var (c, http) = await StartAsync("openapi-histories");
        var generator = new SchemaGenerator(c, new Random(13));
        var api = new CocApi(http, "openapi-histories");
        var number = await api.CreateAsync();
        await api.DoAsync(number, People.Alice, "acceptedIncident1");
        var schema = c.RequestSchema(Histories, "post");
        var path = "/v1/external/incident/list-histories";

        for (var i = 0; i < Samples; i++)
        {
            var body = generator.Valid(schema)!.AsObject();
            if (i % 3 == 0 && body["string_filters"]![0]!["values"] is JsonArray values) values.Add(number);
            var breaking = i % 2 == 1;
            string? field = null, rule = null;
            if (breaking) (body, field, rule) = generator.Invalid(schema, body);
            Assert.True(c.Evaluate(schema, body).IsValid != breaking, $"#{i}: the generator's body is not what it claims: {body.ToJsonString()}");
            using var response = await PostAsync(http, path, body);
            var (status, answer) = await c.AssertDocumentedAsync(Histories, "post", response, $"histories #{i} {body.ToJsonString()}");
            if (breaking) AssertNamesTheField(answer, field!, $"histories #{i} ({field}: {rule}) {body.ToJsonString()}");
            else Assert.True(status == HttpStatusCode.OK, $"histories #{i}: {answer?.ToJsonString()}\n{body.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Generated_handle_requests_are_answered_as_documented()
    {
        var (c, http) = await StartAsync("openapi-handle");
        var generator = new SchemaGenerator(c, new Random(17));
        var api = new CocApi(http, "openapi-handle");
        var schema = c.RequestSchema(Handle, "post");
        var succeeded = 0;

        for (var i = 0; i < Samples; i++)
        {
            var body = generator.Valid(schema)!.AsObject();
            if (i % 2 == 0)
            {
                body["incident_num"] = await api.CreateAsync();
                body["operator"] = People.Alice;
            }
            var breaking = i % 3 == 2;
            string? field = null, rule = null;
            if (breaking) (body, field, rule) = generator.Invalid(schema, body);
            Assert.True(c.Evaluate(schema, body).IsValid != breaking, $"#{i}: the generator's body is not what it claims: {body.ToJsonString()}");
            using var response = await PostAsync(http, Handle, body);
            var (status, answer) = await c.AssertDocumentedAsync(Handle, "post", response, $"handle #{i} {body.ToJsonString()}");
            if (breaking) AssertNamesTheField(answer, field!, $"handle #{i} ({field}: {rule})");
            else Assert.True((int)status < 500, $"handle #{i}: {answer?.ToJsonString()}");
            if (status == HttpStatusCode.OK) succeeded++;

            if (!breaking && body["incident_num"]?.GetValue<string>() is { } number)
            {
                using var history = await PostAsync(http, "/v1/external/incident/list-histories", Bodies.Histories(number));
                await c.AssertDocumentedAsync(Histories, "post", history, $"history after handle #{i}");
            }
        }
        Assert.True(succeeded > 0, "no generated operation was applied: the property only saw refusals");
    }

    [Fact]
    public async Task A_null_sort_filter_means_no_sort_filter_on_the_server_and_in_the_document()
    {
        var (c, http) = await StartAsync("openapi-sort-null");
        var api = new CocApi(http, "openapi-sort-null");
        var number = await api.CreateAsync();
        await api.DoAsync(number, People.Alice, "acceptedIncident1");
        var body = Bodies.Histories(number);
        body["sort_filter"] = null;

        Assert.True(c.Evaluate(c.RequestSchema(Histories, "post"), body).IsValid, "the document refuses sort_filter: null");
        using var response = await PostAsync(http, "/v1/external/incident/list-histories", body);
        var (status, answer) = await c.AssertDocumentedAsync(Histories, "post", response, "sort_filter: null");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["create", "acceptedIncident1"], answer!["data"]!["info"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("IM00000000000000000000000000")]
    [InlineData("handle")]
    [InlineData("a b/c%d+中😀")]
    public async Task Details_of_unknown_or_reserved_numbers_are_documented_answers(string number)
    {
        var (c, http) = await StartAsync("openapi-details");

        using var response = await http.GetAsync("/v1/external/incident/" + Uri.EscapeDataString(number));
        var (status, _) = await c.AssertDocumentedAsync(Details, "get", response, number);

        Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{number}: {(int)status}");
    }
}
