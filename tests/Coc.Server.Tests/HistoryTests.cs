using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests;

/// <summary>POST /v1/external/{ticket_type}/list-histories (api.md, Histories).</summary>
public sealed class HistoryTests(SecureServer server) : IClassFixture<SecureServer>
{
    private readonly CocApi _api = server.Api();

    private static readonly string[] HistoryFields =
    [
        "id", "ticket_id", "action", "sub_action", "operator", "comment", "start_time", "stop_time", "update_time",
        "target_type", "target_value", "status", "final_sub_action", "action_name_zh", "action_name_en",
        "action_template_zh", "action_template_en", "is_deteted", "enum_data_list", "action_id",
        "from_status", "to_status", "parameter",
    ];

    private async Task<string> TicketThroughFailedVerificationAsync()
    {
        var number = await _api.CreateAsync();
        await Task.Delay(3);
        await _api.DoAsync(number, People.Alice, "acceptedIncident1");
        await Task.Delay(3);
        await _api.DoAsync(number, People.Alice, "commitSolution1", Bodies.Solution());
        await Task.Delay(3);
        await _api.DoAsync(number, People.Carol, "confirm", Bodies.Confirmation(false, "still failing"));
        return number;
    }

    [Fact]
    public async Task History_has_one_entry_per_operation_oldest_first_with_the_sdk_fields()
    {
        var number = await TicketThroughFailedVerificationAsync();

        var response = await _api.HistoriesAsync(Bodies.Histories(number));

        Wire.AssertOk(response);
        Assert.Equal(4, Wire.AssertInteger(response.Data, "total"));
        Wire.AssertKind(response.Data, "info", JsonValueKind.Array);
        var info = response.Data.GetProperty("info").EnumerateArray().ToList();
        Assert.Equal(["create", "acceptedIncident1", "commitSolution1", "confirm"], info.Select(e => e.Str("action")));
        foreach (var e in info)
        {
            foreach (var field in HistoryFields)
                Assert.True(e.TryGetProperty(field, out _), $"history entry lacks '{field}': {e}");
            Wire.AssertKind(e, "id", JsonValueKind.String);
            Wire.AssertKind(e, "action_id", JsonValueKind.String);
            Wire.AssertString(e, "ticket_id", number);
            Wire.AssertInteger(e, "start_time");
            Wire.AssertInteger(e, "update_time");
            Assert.False(Wire.AssertBoolean(e, "is_deteted"));
            Wire.AssertKind(e, "enum_data_list", JsonValueKind.Array);
            Assert.Equal(0, e.GetProperty("enum_data_list").GetArrayLength());
            Wire.AssertKind(e, "action_name_zh", JsonValueKind.String);
            Wire.AssertKind(e, "action_name_en", JsonValueKind.String);
            Assert.Equal(e.Str("to_status"), e.Str("status"));
        }
        Assert.Equal(info.Count, info.Select(e => e.Str("id")).Distinct().Count());
        Assert.Equal([People.Carol, People.Alice, People.Alice, People.Carol], info.Select(e => e.Str("operator")));
        Assert.Equal([Statuses.Triggered, Statuses.Acknowledged, Statuses.Resolved, Statuses.Acknowledged], info.Select(e => e.Str("status")));
        // Each entry starts where the previous one ended: the history replays to the current state.
        for (var i = 1; i < info.Count; i++)
            Assert.Equal(info[i - 1].Str("to_status"), info[i].Str("from_status"));
        Assert.Equal(await _api.StatusAsync(number), info[^1].Str("to_status"));
        Wire.AssertNull(info[1], "comment");
        Wire.AssertString(info[3], "comment", "still failing");
        Wire.AssertNull(info[1], "parameter");
        Assert.Equal("inc_type_p_config_issues", info[2].GetProperty("parameter").GetProperty("mtm_type").GetString());
        var times = info.Select(e => e.GetProperty("start_time").GetInt64()).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public async Task Sort_filter_desc_on_start_time_lists_newest_first()
    {
        var number = await TicketThroughFailedVerificationAsync();
        var body = Bodies.Histories(number);
        body["sort_filter"] = new JsonObject { ["operator"] = "desc", ["field"] = "start_time" };

        var response = await _api.HistoriesAsync(body);

        Wire.AssertOk(response);
        Assert.Equal(["confirm", "commitSolution1", "acceptedIncident1", "create"],
            response.Data.GetProperty("info").EnumerateArray().Select(e => e.Str("action")));
    }

    [Fact]
    public async Task Values_are_ored_within_a_filter_and_filters_are_anded()
    {
        var a = await _api.CreateAsync();
        var b = await _api.CreateAsync();
        await _api.DoAsync(b, People.Alice, "acceptedIncident1");

        var both = await _api.HistoryAsync(a, b);
        Assert.Equal(3, both.GetArrayLength());
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal),
            both.EnumerateArray().Select(e => e.Str("ticket_id")).Distinct().Order(StringComparer.Ordinal));

        var body = Bodies.Histories(a, b);
        ((JsonArray)body["string_filters"]!).Add(new JsonObject { ["operator"] = "=", ["field"] = "ticket_id", ["values"] = new JsonArray(b) });
        var response = await _api.HistoriesAsync(body);
        Wire.AssertOk(response);
        Assert.All(response.Data.GetProperty("info").EnumerateArray(), e => Assert.Equal(b, e.Str("ticket_id")));
        Assert.Equal(2, response.Data.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_filter_may_carry_a_name()
    {
        var number = await _api.CreateAsync();
        var body = Bodies.Histories(number);
        body["string_filters"]![0]!["name"] = "ticket";

        var response = await _api.HistoriesAsync(body);

        Wire.AssertOk(response);
        Assert.Equal(1, response.Data.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Forward_entries_name_the_target()
    {
        var number = await _api.CreateAsync();
        await _api.DoAsync(number, People.Carol, "forwardOther1", new JsonObject { ["virtual_send_assignee"] = People.Bob, ["virtual_send_comment"] = "over to you" });

        var entry = (await _api.HistoryAsync(number))[1];

        Wire.AssertString(entry, "action", "forwardOther1");
        Wire.AssertString(entry, "comment", "over to you");
        Wire.AssertString(entry, "target_value", People.Bob);
    }
}

/// <summary>auth.md, People behind credentials: every history entry records the authenticated principal.</summary>
public sealed class HistoryPrincipalTests(SecureServer secure) : IClassFixture<SecureServer>
{
    [Fact]
    public async Task An_entry_made_with_an_access_key_records_ak_and_the_key()
    {
        var api = secure.Api();
        var number = await api.CreateAsync();
        await api.DoAsync(number, People.Alice, "acceptedIncident1");

        var info = (await api.HistoryAsync(number)).EnumerateArray().ToList();

        Assert.Equal(2, info.Count);
        Assert.All(info, e => Wire.AssertString(e, "principal", "ak:" + TestKey.Suite.AccessKey));
    }
}
