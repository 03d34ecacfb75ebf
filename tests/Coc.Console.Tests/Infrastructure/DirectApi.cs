using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coc.Console.Tests;

/// <summary>Calls the API directly (beside the browser), e.g. to change a ticket underneath the console.</summary>
public sealed class DirectApi(Uri baseAddress, string? token = null) : IDisposable
{
    private readonly HttpClient _http = Create(baseAddress, token);

    public HttpClient Http => _http;

    public async Task<string> CreateAsync(string title, string assignee = "ops-alice", string level = "level_30", string creator = "ops-bob")
    {
        var body = new JsonObject
        {
            ["incident_level"] = level,
            ["is_service_interrupt"] = false,
            ["incident_type"] = "inc_type_p_function_issues",
            ["incident_title"] = title,
            ["incident_source"] = "incident_source_manual",
            ["incident_description"] = "created by the console tests",
            ["creator"] = creator,
            ["incident_assignee"] = new JsonArray(assignee),
        };
        if (level is "level_10" or "level_20") body["region"] = new JsonArray("cn-north-4");
        using var response = await _http.PostAsJsonAsync("/v1/external/incident/create", body);
        var json = await ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, $"create answered {(int)response.StatusCode}: {json}");
        return json["data"]!["incident_num"]!.GetValue<string>();
    }

    /// <summary>Runs one handle operation; returns the HTTP status and the envelope's error_msg.</summary>
    public async Task<(int Status, string? ErrorMessage)> HandleAsync(string number, string operateKey, string operatorId, JsonObject? parameter = null)
    {
        var body = new JsonObject { ["incident_num"] = number, ["operator"] = operatorId, ["operate_key"] = operateKey };
        if (parameter is not null) body["parameter"] = parameter;
        using var response = await _http.PostAsJsonAsync("/v1/external/incident/handle", body);
        var json = await ReadAsync(response);
        return ((int)response.StatusCode, json["error_msg"]?.GetValue<string>());
    }

    public async Task AcceptAsync(string number, string operatorId = "ops-alice")
    {
        var (status, message) = await HandleAsync(number, "acceptedIncident1", operatorId);
        Assert.True(status == 200, $"accept answered {status}: {message}");
    }

    public async Task ResolveAsync(string number)
    {
        var (status, message) = await HandleAsync(number, "commitSolution1", "ops-alice", new JsonObject
        {
            ["mtm_type"] = "inc_type_p_config_issues", ["is_service_interrupt"] = false, ["cause"] = "a cause", ["solution"] = "a fix",
        });
        Assert.True(status == 200, $"commitSolution1 answered {status}: {message}");
    }

    public async Task<JsonNode> DetailsAsync(string number)
    {
        using var response = await _http.GetAsync($"/v1/external/incident/{Uri.EscapeDataString(number)}");
        var json = await ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, $"details answered {(int)response.StatusCode}: {json}");
        return json["data"]!;
    }

    public void Dispose() => _http.Dispose();

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? new JsonObject();

    private static HttpClient Create(Uri baseAddress, string? token)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) http.DefaultRequestHeaders.Add("X-Auth-Token", token);
        return http;
    }
}
