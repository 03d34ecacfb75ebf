using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests;

/// <summary>Every error code of api.md, Errors, in its documented body.</summary>
public sealed class ErrorCodeTests(SecureServer server) : IClassFixture<SecureServer>
{
    private readonly CocApi _api = server.Api();

    // ---- 400 GOM.00007256: invalid parameters ----

    [Theory]
    [InlineData("{\"incident_level\": ")]
    [InlineData("not json at all")]
    [InlineData("{\"a\":1}{\"b\":2}")]
    [InlineData("[]")]
    [InlineData("[{\"incident_level\":\"level_40\"}]")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("")]
    public async Task A_body_that_is_not_one_json_object_is_400(string body)
    {
        Wire.AssertInvalid(await _api.PostAsync("/v1/external/incident/create", body));
        Wire.AssertInvalid(await _api.PostAsync("/v1/external/incident/handle", body));
        Wire.AssertInvalid(await _api.PostAsync("/v1/external/incident/list-histories", body));
    }

    public static TheoryData<string, string> InvalidCreateBodies => new()
    {
        { "missing creator", "creator" },
        { "missing incident_title", "incident_title" },
        { "missing incident_level", "incident_level" },
        { "missing is_service_interrupt", "is_service_interrupt" },
        { "empty creator", "creator" },
        { "blank title", "incident_title" },
        { "title is a number", "incident_title" },
        { "is_service_interrupt is yes", "is_service_interrupt" },
        { "region is a string", "region" },
        { "region item is a number", "region" },
        { "start_time is a string", "start_time" },
        { "start_time in the future", "start_time" },
        { "title of 201 characters", "incident_title" },
        { "title of 101 emoji", "incident_title" },
        { "description of 601 characters", "incident_description" },
        { "creator of 256 characters", "creator" },
        { "region item of 256 characters", "region" },
        { "unknown level key", "incident_level" },
        { "unknown type key", "incident_type" },
        { "unknown source key", "incident_source" },
        { "unknown ownership key", "incident_ownership" },
        { "two regions", "region" },
        { "two assignees", "incident_assignee" },
        { "two enterprise projects", "enterprise_project" },
        { "two applications", "current_cloud_service" },
        { "no assignee nor scene and role", "incident_assignee" },
        { "empty assignee list", "incident_assignee" },
        { "assignee [\"\"]", "incident_assignee" },
        { "scene without role", "assignee_role" },
        { "unknown creator in secure mode", "creator" },
        { "unknown assignee in secure mode", "incident_assignee" },
        { "warroom level without region", "region" },
    };

    private static JsonObject Break(string fault)
    {
        var b = Bodies.Create();
        switch (fault)
        {
            case "missing creator": b.Remove("creator"); break;
            case "missing incident_title": b.Remove("incident_title"); break;
            case "missing incident_level": b.Remove("incident_level"); break;
            case "missing is_service_interrupt": b.Remove("is_service_interrupt"); break;
            case "empty creator": b["creator"] = ""; break;
            case "blank title": b["incident_title"] = "   "; break;
            case "title is a number": b["incident_title"] = 5; break;
            case "is_service_interrupt is yes": b["is_service_interrupt"] = "yes"; break;
            case "region is a string": b["region"] = "cn-north-4"; break;
            case "region item is a number": b["region"] = new JsonArray(4); break;
            case "start_time is a string": b["start_time"] = "yesterday"; break;
            case "start_time in the future": b["start_time"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(); break;
            case "title of 201 characters": b["incident_title"] = new string('t', 201); break;
            case "title of 101 emoji": b["incident_title"] = string.Concat(Enumerable.Repeat("😀", 101)); break;
            case "description of 601 characters": b["incident_description"] = new string('d', 601); break;
            case "creator of 256 characters": b["creator"] = new string('c', 256); break;
            case "region item of 256 characters": b["region"] = new JsonArray(new string('r', 256)); break;
            case "unknown level key": b["incident_level"] = "level_60"; break;
            case "unknown type key": b["incident_type"] = "inc_type_nope"; break;
            case "unknown source key": b["incident_source"] = "incident_source_nope"; break;
            case "unknown ownership key": b["incident_ownership"] = "incident_ownership_nope"; break;
            case "two regions": b["region"] = new JsonArray("cn-north-4", "cn-east-3"); break;
            case "two assignees": b["incident_assignee"] = new JsonArray(People.Alice, People.Bob); break;
            case "two enterprise projects": b["enterprise_project"] = new JsonArray("0", "1"); break;
            case "two applications": b["current_cloud_service"] = new JsonArray("app-123", "6470681a31da2a47ed50a919"); break;
            case "no assignee nor scene and role": b.Remove("incident_assignee"); break;
            case "empty assignee list": b["incident_assignee"] = new JsonArray(); break;
            case "assignee [\"\"]": b["incident_assignee"] = new JsonArray(""); break;
            case "scene without role": b.Remove("incident_assignee"); b["assignee_scene"] = "scene-default"; break;
            case "unknown creator in secure mode": b["creator"] = "nobody-known"; break;
            case "unknown assignee in secure mode": b["incident_assignee"] = new JsonArray("nobody-known"); break;
            case "warroom level without region": b["incident_level"] = "level_20"; break;
            default: throw new ArgumentException(fault);
        }
        return b;
    }

    [Theory]
    [MemberData(nameof(InvalidCreateBodies))]
    public async Task An_invalid_create_is_400_naming_the_field(string fault, string field)
    {
        var response = await _api.TryCreateAsync(Break(fault));

        Wire.AssertInvalid(response, field);
    }

    [Fact]
    public async Task An_unknown_enum_key_is_named_in_the_documented_form()
    {
        var response = await _api.TryCreateAsync(Break("unknown level key"));

        Wire.AssertInvalid(response);
        Assert.Equal("The field[incident_level] value[level_60] invalid", response.ErrorMsg);
    }

    [Fact]
    public async Task A_warroom_create_without_region_says_why()
    {
        var response = await _api.TryCreateAsync(Break("warroom level without region"));

        Wire.AssertInvalid(response, "region is required: a WarRoom auto-starts for level_20");
    }

    [Fact]
    public async Task An_unknown_operate_key_is_400_in_the_documented_form()
    {
        var number = await _api.CreateAsync();

        var response = await _api.HandleAsync(number, People.Alice, "nope");

        Wire.AssertInvalid(response);
        Assert.Equal("The field[operate_key] value[nope] invalid", response.ErrorMsg);
    }

    [Fact]
    public async Task An_unknown_operate_key_is_400_even_for_a_missing_ticket()
    {
        // Checked in the order of workflow.md: operate_key known (400) before the ticket exists (COC.00067003).
        var response = await _api.HandleAsync("IM000000000000000000000000", People.Alice, "nope");

        Wire.AssertInvalid(response, "operate_key");
    }

    [Theory]
    [InlineData("incident_num")]
    [InlineData("operator")]
    [InlineData("operate_key")]
    public async Task A_handle_without_a_required_field_is_400_naming_it(string field)
    {
        var number = await _api.CreateAsync();
        var body = Bodies.Handle(number, People.Alice, "acceptedIncident1");
        body.Remove(field);

        Wire.AssertInvalid(await _api.PostAsync("/v1/external/incident/handle", body), field);
        body[field] = 12;
        Wire.AssertInvalid(await _api.PostAsync("/v1/external/incident/handle", body), field);
        body[field] = new string('x', 256);
        Wire.AssertInvalid(await _api.PostAsync("/v1/external/incident/handle", body), field);
        Assert.Equal(Statuses.Triggered, await _api.StatusAsync(number));
    }

    [Fact]
    public async Task A_parameter_that_is_not_an_object_is_400()
    {
        var number = await _api.CreateAsync();
        var body = Bodies.Handle(number, People.Alice, "acceptedIncident1");
        body["parameter"] = new JsonArray();

        Wire.AssertInvalid(await _api.PostAsync("/v1/external/incident/handle", body), "parameter");
    }

    [Fact]
    public async Task A_missing_required_parameter_is_400_naming_it()
    {
        var number = await _api.CreateAsync();
        await _api.DoAsync(number, People.Alice, "acceptedIncident1");
        await _api.DoAsync(number, People.Alice, "commitSolution1", Bodies.Solution());

        var response = await _api.HandleAsync(number, People.Carol, "confirm", new JsonObject { ["virtual_confirm_result"] = true });

        Wire.AssertInvalid(response);
        Assert.Equal("parameter.virtual_confirm_comment is required", response.ErrorMsg);
    }

    [Theory]
    [InlineData("mtm_type", "inc_type_nope")]
    [InlineData("is_service_interrupt", "maybe")]
    [InlineData("cause", "")]
    [InlineData("solution", null)]
    public async Task An_invalid_solution_parameter_is_400_naming_it(string name, string? value)
    {
        var number = await _api.CreateAsync();
        await _api.DoAsync(number, People.Alice, "acceptedIncident1");
        var parameter = Bodies.Solution();
        if (value is null) parameter.Remove(name);
        else parameter[name] = value;

        Wire.AssertInvalid(await _api.HandleAsync(number, People.Alice, "commitSolution1", parameter), "parameter." + name);
    }

    [Fact]
    public async Task A_comment_over_300_characters_is_400()
    {
        var number = await _api.CreateAsync();
        await _api.DoAsync(number, People.Alice, "acceptedIncident1");
        await _api.DoAsync(number, People.Alice, "commitSolution1", Bodies.Solution());

        var response = await _api.HandleAsync(number, People.Carol, "confirm", Bodies.Confirmation(true, new string('c', 301)));

        Wire.AssertInvalid(response, "parameter.virtual_confirm_comment");
    }

    [Fact]
    public async Task An_unknown_operator_is_400_in_secure_mode()
    {
        var number = await _api.CreateAsync();

        Wire.AssertInvalid(await _api.HandleAsync(number, "nobody-known", "acceptedIncident1"), "operator");
    }

    // ---- 400 COC.00067003: ticket not found or not visible ----

    [Fact]
    public async Task A_missing_ticket_is_COC_00067003()
    {
        const string missing = "IM202001010000000000000000";

        Wire.AssertError(await _api.DetailsAsync(missing), HttpStatusCode.BadRequest, Wire.TicketNotFound);
        Wire.AssertError(await _api.HandleAsync(missing, People.Alice, "acceptedIncident1"), HttpStatusCode.BadRequest, Wire.TicketNotFound);
        var histories = await _api.HistoriesAsync(Bodies.Histories(missing));
        Wire.AssertOk(histories);
        Assert.Equal(0, histories.Data.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Another_projects_ticket_answers_as_a_missing_one()
    {
        var number = await _api.CreateAsync();
        var stranger = new CocApi(_api.Http);

        var details = await stranger.DetailsAsync(number);
        var handle = await stranger.HandleAsync(number, People.Alice, "acceptedIncident1");
        var histories = await stranger.HistoriesAsync(Bodies.Histories(number));

        Wire.AssertError(details, HttpStatusCode.BadRequest, Wire.TicketNotFound);
        Wire.AssertError(handle, HttpStatusCode.BadRequest, Wire.TicketNotFound);
        Wire.AssertOk(histories);
        Assert.Equal(0, histories.Data.GetProperty("total").GetInt64());
        Assert.Equal(0, histories.Data.GetProperty("info").GetArrayLength());
        Assert.Equal(Statuses.Triggered, await _api.StatusAsync(number));
        Assert.Equal(1, (await _api.HistoryAsync(number)).GetArrayLength());
    }

    [Fact]
    public async Task Percent_encoded_ticket_numbers_are_decoded_once()
    {
        var target = _api.Http.BaseAddress!.GetLeftPart(UriPartial.Authority) + "/v1/external/incident/IM%201%2F2~x%28%C3%A9%29%2B%26%3D%3F";
        var exact = new Uri(target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

        var response = await _api.SendAsync(HttpMethod.Get, exact);

        Wire.AssertError(response, HttpStatusCode.BadRequest, Wire.TicketNotFound, "IM 1/2~x(é)+&=?");
    }

    // ---- 409 GOM.00007258: not allowed in this status / by this operator ----

    [Fact]
    public async Task An_operation_not_allowed_in_the_status_is_409_before_its_parameters_are_checked()
    {
        var number = await _api.CreateAsync();

        Wire.AssertError(await _api.HandleAsync(number, People.Alice, "commitSolution1"), HttpStatusCode.Conflict, Wire.NotAllowed);
        Wire.AssertError(await _api.HandleAsync(number, People.Carol, "confirm", Bodies.Confirmation(true)), HttpStatusCode.Conflict, Wire.NotAllowed);
        Wire.AssertError(await _api.HandleAsync(number, People.Carol, "recovery"), HttpStatusCode.Conflict, Wire.NotAllowed);
    }

    [Fact]
    public async Task Accept_by_someone_other_than_the_assignee_is_409_in_secure_mode()
    {
        var number = await _api.CreateAsync();

        Wire.AssertError(await _api.HandleAsync(number, People.Bob, "acceptedIncident1"), HttpStatusCode.Conflict, Wire.NotAllowed);
    }

    [Fact]
    public async Task A_completed_ticket_is_final()
    {
        var number = await _api.CreateAsync();
        await _api.DoAsync(number, People.Alice, "acceptedIncident1");
        await _api.DoAsync(number, People.Alice, "commitSolution1", Bodies.Solution());
        await _api.DoAsync(number, People.Carol, "confirm", Bodies.Confirmation(true));

        foreach (var key in new[] { "acceptedIncident1", "commitSolution1", "confirm", "forwardOther1", "rejected", "agreed", "ReOpen" })
            Wire.AssertError(await _api.HandleAsync(number, People.Alice, key, Bodies.Confirmation(true)), HttpStatusCode.Conflict, Wire.NotAllowed);
    }

    // ---- 404 APIGW.0101: no such API, in the gateway's body ----

    [Theory]
    [InlineData("GET", "/v1/no/such/api")]
    [InlineData("GET", "/")]
    [InlineData("POST", "/v1/external/incident")]
    [InlineData("GET", "/v1/external/incident/handle")]
    [InlineData("GET", "/v1/external/incident/create")]
    [InlineData("GET", "/v1/external/incident/attachments")]
    [InlineData("POST", "/v1/external/incident/IM202403221515060171753781")]
    [InlineData("DELETE", "/v1/external/incident/IM202403221515060171753781")]
    [InlineData("PUT", "/v1/external/incident/create")]
    [InlineData("GET", "/v1/external/incident/list-histories")]
    [InlineData("DELETE", "/v1/external/incident/handle")]
    [InlineData("POST", "/v1/incident-tickets")]
    [InlineData("PATCH", "/v1/incident-tickets")]
    [InlineData("GET", "/v1/no/such/api.json")]
    [InlineData("GET", "/favicon.ico")]
    public async Task An_unknown_path_or_method_is_404_APIGW_0101_in_the_gateway_body(string method, string path)
    {
        var content = method is "GET" or "DELETE" ? null : CocApi.Raw("{}");

        var response = await _api.SendAsync(new HttpMethod(method), path, content);

        Wire.AssertGateway(response, HttpStatusCode.NotFound, Wire.NoSuchApi);
    }

    [Theory]
    [InlineData("/v1/external/incident/handle")]
    [InlineData("/v1/external/incident/create")]
    [InlineData("/v1/external/incident/attachments")]
    [InlineData("/v1/external/incident/list-histories")]
    public async Task A_word_that_is_not_a_ticket_number_is_404_APIGW_0101_even_without_credentials(string path)
    {
        // Like any unknown API (api.md): the route never matches the details lookup, so no authentication is asked for.
        using var unsigned = server.CreateWireClient(signed: false);

        using var response = await unsigned.GetAsync(path);

        Wire.AssertGateway(await WireResponse.ReadAsync(response), HttpStatusCode.NotFound, Wire.NoSuchApi);
    }

    // ---- 413 APIGW.0201: body too large ----

    [Theory]
    [InlineData("/v1/external/incident/create")]
    [InlineData("/v1/external/incident/handle")]
    [InlineData("/v1/external/incident/list-histories")]
    public async Task A_body_over_12_MB_is_413_APIGW_0201_in_the_gateway_body(string path)
    {
        // Announced whole, signed whole, sent only in part: the server must refuse on the announced length.
        var body = Encoding.ASCII.GetBytes("{\"incident_title\":\"" + new string('x', 12 * 1024 * 1024) + "\"}");
        var headers = new[] { KeyValuePair.Create("Content-Type", CocApi.SdkJson), KeyValuePair.Create("X-Project-Id", "default") };

        var response = await RawHttp.SendPartialAsync(_api.Http.BaseAddress!, "POST", path, headers, body, 64 * 1024, TestKey.Suite);

        Assert.False(string.IsNullOrEmpty(response.RequestId), response.ToString());
        Wire.AssertGateway(response, HttpStatusCode.RequestEntityTooLarge, Wire.TooLarge);
    }

    // ---- histories ----

    [Fact]
    public async Task Histories_of_issues_mgmt_are_400_naming_the_supported_type()
    {
        var number = await _api.CreateAsync();

        var response = await _api.HistoriesAsync(Bodies.Histories(number), ticketType: "issues_mgmt");

        Wire.AssertInvalid(response, "incident");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"string_filters\": null}")]
    [InlineData("{\"string_filters\": []}")]
    [InlineData("{\"sort_filter\": {\"operator\": \"desc\", \"field\": \"start_time\"}}")]
    public async Task Histories_without_a_ticket_id_filter_are_400(string body)
    {
        Wire.AssertInvalid(await _api.PostAsync("/v1/external/incident/list-histories", body), "string_filters");
    }

    [Theory]
    [InlineData("""{"string_filters":[{"operator":"=","field":"status","values":["x"]}]}""", "string_filters[0].field")]
    [InlineData("""{"string_filters":[{"operator":"=","field":"ticket_id","values":["x"]},{"operator":"=","field":"creator","values":["x"]}]}""", "string_filters[1].field")]
    [InlineData("""{"string_filters":[{"operator":"like","field":"ticket_id","values":["x"]}]}""", "string_filters[0].operator")]
    [InlineData("""{"string_filters":[{"operator":"=","values":["x"]}]}""", "string_filters[0].field")]
    [InlineData("""{"string_filters":[{"operator":"=","field":"ticket_id"}]}""", "string_filters[0].values")]
    [InlineData("""{"string_filters":[{"operator":"=","field":"ticket_id","values":["x"]}],"sort_filter":{"operator":"desc","field":"create_time"}}""", "sort_filter.field")]
    [InlineData("""{"string_filters":[{"operator":"=","field":"ticket_id","values":["x"]}],"sort_filter":{"operator":"sideways","field":"start_time"}}""", "sort_filter.operator")]
    [InlineData("""{"string_filters":[{"operator":"=                    ","field":"ticket_id","values":["x"]}]}""", "string_filters[0].operator")]
    public async Task A_history_filter_other_than_ticket_id_is_400_naming_it(string body, string named)
    {
        Wire.AssertInvalid(await _api.PostAsync("/v1/external/incident/list-histories", body), named);
    }

    [Fact]
    public async Task More_than_20_history_filters_are_400()
    {
        var filters = new JsonArray();
        for (var i = 0; i < 21; i++)
            filters.Add(new JsonObject { ["operator"] = "=", ["field"] = "ticket_id", ["values"] = new JsonArray("x") });

        Wire.AssertInvalid(await _api.HistoriesAsync(new JsonObject { ["string_filters"] = filters }), "string_filters");
    }

    [Fact]
    public async Task More_than_1024_values_in_a_history_filter_are_400()
    {
        var body = Bodies.Histories([.. Enumerable.Range(0, 1025).Select(i => "IM" + i)]);

        Wire.AssertInvalid(await _api.HistoriesAsync(body), "values");
    }

    // ---- every response: X-Request-Id; every Content-Type: read as JSON ----

    [Fact]
    public async Task Every_response_success_or_error_carries_a_distinct_X_Request_Id()
    {
        var number = await _api.CreateAsync();
        var responses = new List<WireResponse>
        {
            await _api.TryCreateAsync(),
            await _api.TryCreateAsync(new JsonObject()),
            await _api.DetailsAsync(number),
            await _api.DetailsAsync("IM000"),
            await _api.HandleAsync(number, People.Alice, "nope"),
            await _api.HandleAsync(number, People.Alice, "confirm"),
            await _api.ListAsync(),
            await _api.ListAsync("offset=0"),
            await _api.HistoriesAsync(Bodies.Histories(number)),
            await _api.GetAsync("/v1/no/such/api"),
            await _api.GetAsync("/healthz"),
            await _api.GetAsync("/readyz"),
            await _api.GetAsync("/openapi/v1.json"),
        };

        Assert.All(responses, r => Assert.False(string.IsNullOrWhiteSpace(r.RequestId), r.ToString()));
        Assert.Equal(responses.Count, responses.Select(r => r.RequestId).Distinct().Count());
    }

    [Theory]
    [InlineData("application/json;charset=utf-8")]
    [InlineData("application/json;charset=UTF-8")]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Bodies_are_read_as_json_whatever_the_content_type(string? contentType)
    {
        var create = await _api.PostAsync("/v1/external/incident/create", Bodies.Create().ToJsonString(), contentType);
        Wire.AssertOk(create);
        var number = create.Data.Str("incident_num");

        var handle = await _api.PostAsync("/v1/external/incident/handle",
            Bodies.Handle(number, People.Alice, "acceptedIncident1").ToJsonString(), contentType);
        Wire.AssertOk(handle);

        var histories = await _api.PostAsync("/v1/external/incident/list-histories", Bodies.Histories(number).ToJsonString(), contentType);
        Wire.AssertOk(histories);
        Assert.Equal(2, histories.Data.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_body_with_surrounding_whitespace_is_still_json()
    {
        var bytes = Encoding.UTF8.GetBytes("\n  " + Bodies.Create().ToJsonString() + "\r\n");

        var response = await _api.SendAsync(HttpMethod.Post, "/v1/external/incident/create", CocApi.Raw(bytes));

        Wire.AssertOk(response);
        Assert.Equal(JsonValueKind.String, response.Data.GetProperty("incident_num").ValueKind);
    }
}
