using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests;

/// <summary>People of the preset directory (secure mode knows exactly these).</summary>
public static class People
{
    public const string Oncall = "7da46971b7e24eed90cf777cc2ff8b91";
    public const string Alice = "ops-alice";
    public const string Bob = "ops-bob";
    public const string Carol = "ops-carol";
}

public static class Statuses
{
    public const string Triggered = "INCIDENT_STATUS_TRIGGERED";
    public const string Acknowledged = "INCIDENT_STATUS_ACKNOWLEDGED";
    public const string Rejected = "INCIDENT_STATUS_REJECTED";
    public const string Resolved = "INCIDENT_STATUS_RESOLVED";
    public const string Completed = "INCIDENT_STATUS_COMPLETED";
}

/// <summary>Request bodies, as mutable JSON so that a test can break exactly one thing.</summary>
public static class Bodies
{
    /// <summary>A valid create body: level P4 (no WarRoom), assigned to Alice, created by Carol.</summary>
    public static JsonObject Create(string title = "disk full on db-1", string assignee = People.Alice, string creator = People.Carol) => new()
    {
        ["incident_level"] = "level_40",
        ["is_service_interrupt"] = "false",
        ["incident_type"] = "inc_type_p_function_issues",
        ["incident_title"] = title,
        ["incident_source"] = "incident_source_manual",
        ["incident_assignee"] = new JsonArray(assignee),
        ["creator"] = creator,
    };

    public static JsonObject Handle(string number, string operatorId, string operateKey, JsonObject? parameter = null)
    {
        var body = new JsonObject { ["incident_num"] = number, ["operator"] = operatorId, ["operate_key"] = operateKey };
        if (parameter is not null) body["parameter"] = parameter;
        return body;
    }

    public static JsonObject Solution(string type = "inc_type_p_config_issues", bool interrupted = true) => new()
    {
        ["mtm_type"] = type, ["is_service_interrupt"] = interrupted, ["cause"] = "a full disk", ["solution"] = "rotated the logs",
    };

    public static JsonObject Confirmation(bool result, string comment = "checked") => new()
    {
        ["virtual_confirm_result"] = result, ["virtual_confirm_comment"] = comment,
    };

    public static JsonObject Histories(params string[] numbers) => new()
    {
        ["string_filters"] = new JsonArray(new JsonObject
        {
            ["operator"] = "in", ["field"] = "ticket_id", ["values"] = new JsonArray([.. numbers.Select(n => (JsonNode?)n)]),
        }),
    };
}

/// <summary>
/// The COC API as a caller in one project (a fresh one unless named), over any <see cref="HttpClient"/>.
/// Every response is checked for an <c>X-Request-Id</c> header (api.md, rule 6).
/// </summary>
public sealed class CocApi
{
    public const string SdkJson = "application/json;charset=utf-8";

    private readonly HttpClient http;

    /// <summary>A caller in <paramref name="project"/>, or in a project of its own when none is named.</summary>
    public CocApi(HttpClient http, string? project = null)
    {
        this.http = http;
        Project = project ?? "p-" + Guid.NewGuid().ToString("N");
    }

    private CocApi(HttpClient http, bool sendsNoProject)
    {
        this.http = http;
        Project = sendsNoProject ? null : "p-" + Guid.NewGuid().ToString("N");
    }

    public HttpClient Http => http;

    /// <summary>The caller's project (X-Project-Id); null: the header is not sent.</summary>
    public string? Project { get; }

    public CocApi InProject(string other) => new(http, other);

    /// <summary>A caller that sends no X-Project-Id (its project is "default").</summary>
    public static CocApi WithoutProjectHeader(HttpClient http) => new(http, sendsNoProject: true);

    public Task<WireResponse> SendAsync(
        HttpMethod method, string target, HttpContent? content = null, IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        SendAsync(method, new Uri(target, UriKind.RelativeOrAbsolute), content, headers);

    /// <summary>Sends to exactly <paramref name="target"/> (an absolute URI may disable path canonicalization).</summary>
    public async Task<WireResponse> SendAsync(
        HttpMethod method, Uri target, HttpContent? content = null, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var request = new HttpRequestMessage(method, target) { Content = content };
        if (Project is not null) request.Headers.TryAddWithoutValidation("X-Project-Id", Project);
        foreach (var (name, value) in headers ?? [])
        {
            if (!request.Headers.TryAddWithoutValidation(name, value)) content?.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await http.SendAsync(request);
        var wire = await WireResponse.ReadAsync(response);
        Assert.False(string.IsNullOrEmpty(wire.RequestId), $"{method} {target} answered without X-Request-Id: {wire}");
        return wire;
    }

    /// <summary>Bytes with exactly this Content-Type header value (null: no Content-Type at all).</summary>
    public static ByteArrayContent Raw(byte[] body, string? contentType = SdkJson)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    public static ByteArrayContent Raw(string body, string? contentType = SdkJson) => Raw(Encoding.UTF8.GetBytes(body), contentType);

    public Task<WireResponse> PostAsync(string path, string body, string? contentType = SdkJson, IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        SendAsync(HttpMethod.Post, path, Raw(body, contentType), headers);

    public Task<WireResponse> PostAsync(string path, JsonNode body, IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        PostAsync(path, body.ToJsonString(), SdkJson, headers);

    public Task<WireResponse> GetAsync(string target) => SendAsync(HttpMethod.Get, target);

    public Task<WireResponse> TryCreateAsync(JsonObject? body = null, string? idempotencyKey = null) =>
        PostAsync("/v1/external/incident/create", body ?? Bodies.Create(),
            idempotencyKey is null ? null : [KeyValuePair.Create("Idempotency-Key", idempotencyKey)]);

    /// <summary>Creates a ticket and returns its number; fails the test unless the create succeeds.</summary>
    public async Task<string> CreateAsync(JsonObject? body = null, string? idempotencyKey = null)
    {
        var response = await TryCreateAsync(body, idempotencyKey);
        Wire.AssertOk(response);
        return response.Data.GetProperty("incident_num").GetString()!;
    }

    public Task<WireResponse> HandleAsync(string number, string operatorId, string operateKey, JsonObject? parameter = null) =>
        PostAsync("/v1/external/incident/handle", Bodies.Handle(number, operatorId, operateKey, parameter));

    /// <summary>Runs an operation that must succeed.</summary>
    public async Task DoAsync(string number, string operatorId, string operateKey, JsonObject? parameter = null)
    {
        var response = await HandleAsync(number, operatorId, operateKey, parameter);
        Wire.AssertOk(response);
        Assert.Equal(JsonValueKind.Null, response.Data.ValueKind);
    }

    public Task<WireResponse> DetailsAsync(string number) => GetAsync("/v1/external/incident/" + Uri.EscapeDataString(number));

    /// <summary>The ticket's details <c>data</c>; fails the test unless the lookup succeeds.</summary>
    public async Task<JsonElement> TicketAsync(string number)
    {
        var response = await DetailsAsync(number);
        Wire.AssertOk(response);
        return response.Data;
    }

    public async Task<string> StatusAsync(string number) => (await TicketAsync(number)).GetProperty("status").GetString()!;

    public Task<WireResponse> HistoriesAsync(JsonNode body, string ticketType = "incident") =>
        PostAsync($"/v1/external/{ticketType}/list-histories", body);

    /// <summary>The history entries (<c>data.info</c>) of the tickets, oldest first.</summary>
    public async Task<JsonElement> HistoryAsync(params string[] numbers)
    {
        var response = await HistoriesAsync(Bodies.Histories(numbers));
        Wire.AssertOk(response);
        return response.Data.GetProperty("info");
    }

    public Task<WireResponse> ListAsync(string query = "") => GetAsync("/v1/incident-tickets" + (query.Length > 0 ? "?" + query : ""));

    public async Task<long> TotalAsync(string query = "")
    {
        var response = await ListAsync(query);
        Wire.AssertOk(response);
        return response.Data.GetProperty("total").GetInt64();
    }

    public async Task<WireResponse> UploadAsync(string fileName, byte[] content, string? incidentNum = null, string? fileContentType = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        if (fileContentType is not null) file.Headers.ContentType = MediaTypeHeaderValue.Parse(fileContentType);
        form.Add(file, "file", fileName);
        if (incidentNum is not null) form.Add(new StringContent(incidentNum), "incident_num");
        return await SendAsync(HttpMethod.Post, "/v1/external/incident/attachments", form);
    }
}
