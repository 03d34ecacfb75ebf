using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests.V2;

/// <summary>v2.md, Histories: one ticket's history with the v2 entry shape and the filter language.</summary>
public sealed class V2HistoryTests(V2TestServer server) : IClassFixture<V2TestServer>
{
    private static string Path(string number) => $"/v2/incidents/{number}/histories";

    private async Task<(CocApi Api, string Number)> TicketWithRemarkAsync()
    {
        var alice = server.As(V2Server.Alice);
        var number = await alice.CreateAsync(Bodies.Create(creator: People.Alice));
        await alice.DoV2Async(number, "accepted");
        await alice.DoV2Async(number, "addRemark", new JsonObject { ["note"] = "rebooted" });
        return (alice, number);
    }

    [Fact]
    public async Task Without_a_body_every_entry_comes_oldest_first_in_the_v2_shape()
    {
        var (alice, number) = await TicketWithRemarkAsync();

        var r = await alice.SendAsync(HttpMethod.Post, Path(number));

        Wire.AssertOk(r);
        Assert.Equal(3, Wire.AssertInteger(r.Data, "total"));
        var info = r.Data.GetProperty("info").EnumerateArray().ToList();
        Assert.Equal(["create_incident", "acceptedIncident1", "addRemark"], info.Select(e => e.Str("action")));
        var remark = info[2];
        Wire.AssertString(remark, "comment", "rebooted");
        Wire.AssertString(remark, "status", Statuses.Acknowledged);
        Wire.AssertString(remark, "operator", People.Alice);
        Wire.AssertString(remark, "action_name_en", "Add remark");
        Assert.Matches("^[0-9]+$", remark.Str("start_time"));
        Assert.Equal(remark.Str("start_time"), remark.Str("stop_time"));
        Wire.AssertNull(info[1], "comment");
        var item = Assert.Single(remark.GetProperty("enum_data_list").EnumerateArray());
        Wire.AssertString(item, "prop_id", "operator");
        Wire.AssertString(item, "biz_id", People.Alice);
        Assert.Equal(JsonValueKind.String, item.GetProperty("name_en").ValueKind);
    }

    [Fact]
    public async Task Filters_condition_and_sort_select_and_order_the_entries()
    {
        var (alice, number) = await TicketWithRemarkAsync();
        var body = JsonNode.Parse("""
            {"string_filters": [{"operator": "in", "field": "action", "name": "ops", "values": ["acceptedIncident1", "addRemark"]},
                                {"operator": "=", "field": "action", "name": "created", "values": ["create_incident"]},
                                {"operator": "!=", "field": "status", "values": ["INCIDENT_STATUS_COMPLETED"]}],
             "condition": "ops | created",
             "sort_filter": {"operator": "desc", "field": "start_time", "values": ["start_time"]}}
            """)!;

        var r = await alice.PostAsync(Path(number), body);

        Wire.AssertOk(r);
        Assert.Equal(["addRemark", "acceptedIncident1", "create_incident"], r.Data.GetProperty("info").EnumerateArray().Select(e => e.Str("action")));

        // A filter the condition does not name is AND-ed with it: "created" and "ops" exclude each other.
        body["condition"] = "ops";
        Assert.Equal(0, Wire.AssertInteger((await alice.PostAsync(Path(number), body)).Data, "total"));
        body["string_filters"]!.AsArray().RemoveAt(1);
        Assert.Equal(2, Wire.AssertInteger((await alice.PostAsync(Path(number), body)).Data, "total"));

        var timed = JsonNode.Parse($$"""{"int_filters": [{"operator": ">", "field": "start_time", "values": [{{long.MaxValue / 100000}}]}]}""")!;
        Assert.Equal(0, Wire.AssertInteger((await alice.PostAsync(Path(number), timed)).Data, "total"));
    }

    [Theory]
    [InlineData("""{"string_filters": [{"operator": "~", "field": "action", "values": ["x"]}]}""", "string_filters[0].operator value[~] invalid")]
    [InlineData("""{"string_filters": [{"operator": "like", "field": "action", "values": ["x"]}]}""", "string_filters[0].operator value[like] invalid")]
    [InlineData("""{"int_filters": [{"operator": "=", "field": "title", "values": ["x"]}]}""", "int_filters[0].field value[title] invalid")]
    [InlineData("""{"string_filters": [{"operator": "=", "field": "action", "values": []}]}""", "string_filters[0].values")]
    [InlineData("""{"string_filters": [{"operator": "=", "field": "action", "name": "a", "values": ["x"]}], "condition": "a & b"}""", "condition")]
    [InlineData("""{"string_filters": [{"operator": "=", "field": "action", "name": "a", "values": ["x"]}], "condition": "(a"}""", "condition")]
    [InlineData("""{"sort_filter": {"operator": "desc", "field": "operator"}}""", "sort_filter.field")]
    [InlineData("""{"group_by_filter": {"field": "action"}}""", "group_by_filter is not supported")]
    [InlineData("""{"count_filters": [{"name": "n", "filters": []}]}""", "count_filters is not supported")]
    public async Task Unsupported_filters_are_400_naming_their_path(string body, string named)
    {
        var (alice, number) = await TicketWithRemarkAsync();
        Wire.AssertError(await alice.PostAsync(Path(number), body), HttpStatusCode.BadRequest, "GOM.00007256", named);
    }

    [Fact]
    public async Task An_unknown_ticket_is_400_as_in_v1()
    {
        var alice = server.As(V2Server.Alice);
        Wire.AssertError(await alice.PostAsync(Path("IM000000000000000000000000"), "{}"), HttpStatusCode.BadRequest, "COC.00067003");
    }
}
