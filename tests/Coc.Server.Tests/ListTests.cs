using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests;

/// <summary>GET /v1/incident-tickets (api.md, List): a page number, newest first, the SDK's item shape.</summary>
public sealed class ListTests(SecureServer server) : IClassFixture<SecureServer>
{
    private readonly HttpClient _http = server.CreateWireClient();

    /// <summary>Five tickets created one after another (a few ms apart), oldest first.</summary>
    private static async Task<List<string>> CreateFiveAsync(CocApi api)
    {
        var numbers = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            var body = Bodies.Create($"ticket {i}", assignee: i % 2 == 0 ? People.Bob : People.Alice, creator: i == 5 ? People.Oncall : People.Carol);
            if (i == 3) body["enterprise_project"] = new JsonArray("ep-3");
            if (i == 4) body["incident_level"] = "level_30";
            if (i == 2) body["incident_description"] = "the Payment gateway times out";
            numbers.Add(await api.CreateAsync(body));
            await Task.Delay(3);
        }
        return numbers;
    }

    [Fact]
    public async Task List_uses_the_documented_container_and_item_shape_newest_first()
    {
        var api = new CocApi(_http);
        var numbers = await CreateFiveAsync(api);

        var response = await api.ListAsync();

        Wire.AssertOk(response);
        Assert.Equal(5, Wire.AssertInteger(response.Data, "total"));
        Wire.AssertKind(response.Data, "IncidentSimpleTicketInfos", JsonValueKind.Array);
        var items = response.Data.GetProperty("IncidentSimpleTicketInfos").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Reverse(numbers), items.Select(i => i.Str("ticket_id")));
        foreach (var item in items)
        {
            foreach (var field in new[] { "ticket_id", "title", "status", "level", "source", "creator" })
                Wire.AssertKind(item, field, JsonValueKind.String);
            Assert.True(item.GetProperty("description").ValueKind is JsonValueKind.String or JsonValueKind.Null);
            Assert.Single(Wire.AssertStringArray(item, "assignee"));
        }
        var third = items.Single(i => i.Str("ticket_id") == numbers[2]);
        Wire.AssertString(third, "enterprise_project", "ep-3");
        Wire.AssertNull(items.Single(i => i.Str("ticket_id") == numbers[0]), "enterprise_project");
        var second = items.Single(i => i.Str("ticket_id") == numbers[1]);
        Wire.AssertString(second, "title", "ticket 2");
        Wire.AssertString(second, "description", "the Payment gateway times out");
        Wire.AssertString(second, "status", Statuses.Triggered);
        Wire.AssertString(second, "level", "level_40");
        Wire.AssertString(second, "source", "incident_source_manual");
        Wire.AssertString(second, "creator", People.Carol);
        Assert.Equal([People.Bob], Wire.AssertStringArray(second, "assignee"));
    }

    [Fact]
    public async Task Offset_is_a_page_number_and_a_page_past_the_end_is_empty_with_the_real_total()
    {
        var api = new CocApi(_http);
        var numbers = await CreateFiveAsync(api);
        var newestFirst = Enumerable.Reverse(numbers).ToList();

        async Task Page(string query, IEnumerable<string> expected)
        {
            var r = await api.ListAsync(query);
            Wire.AssertOk(r);
            Assert.Equal(5, r.Data.GetProperty("total").GetInt64());
            Assert.Equal(expected, r.Data.GetProperty("IncidentSimpleTicketInfos").EnumerateArray().Select(i => i.Str("ticket_id")));
        }

        await Page("offset=1&limit=2", newestFirst[..2]);
        await Page("limit=2&offset=2", newestFirst[2..4]);
        await Page("offset=3&limit=2", newestFirst[4..]);
        await Page("offset=4&limit=2", []);
        await Page("offset=2147483647&limit=100", []);
        await Page("unknown_param=1", newestFirst);
        await Page("", newestFirst);
    }

    [Fact]
    public async Task Filters_select_by_status_level_assignee_creator_and_text()
    {
        var api = new CocApi(_http);
        var n = await CreateFiveAsync(api);
        await api.DoAsync(n[0], People.Alice, "acceptedIncident1");

        async Task Filter(string query, long total, params string[] expected)
        {
            var r = await api.ListAsync(query);
            Wire.AssertOk(r);
            Assert.Equal(total, r.Data.GetProperty("total").GetInt64());
            Assert.Equal(expected, r.Data.GetProperty("IncidentSimpleTicketInfos").EnumerateArray().Select(i => i.Str("ticket_id")));
        }

        await Filter("status=" + Statuses.Acknowledged, 1, n[0]);
        await Filter("status=" + Statuses.Triggered, 4, n[4], n[3], n[2], n[1]);
        await Filter("level=level_30", 1, n[3]);
        await Filter("assignee=" + People.Bob, 2, n[3], n[1]);
        await Filter("creator=" + People.Oncall, 1, n[4]);
        await Filter("q=payment", 1, n[1]);
        await Filter("q=ticket%203", 1, n[2]);
        await Filter("assignee=ops-bob&limit=1", 2, n[3]);
        await Filter("assignee=ops-bob&limit=1&offset=2", 2, n[1]);
        await Filter("assignee=ops-bob&level=level_30", 1, n[3]);
        await Filter("q=nothing-matches-this", 0);
    }

    [Fact]
    public async Task The_list_shows_only_the_callers_project()
    {
        var mine = new CocApi(_http);
        var theirs = new CocApi(_http);
        await mine.CreateAsync();
        await theirs.CreateAsync();
        await theirs.CreateAsync();

        Assert.Equal(1, await mine.TotalAsync());
        Assert.Equal(2, await theirs.TotalAsync());
        Assert.Equal(0, await new CocApi(_http).TotalAsync());
    }

    [Theory]
    [InlineData("offset=0", "offset")]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=abc", "offset")]
    [InlineData("offset=2147483648", "offset")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("status=INCIDENT_STATUS_NOPE", "status")]
    [InlineData("level=level_60", "level")]
    public async Task Out_of_range_or_non_integer_paging_is_400_naming_the_parameter(string query, string parameter)
    {
        var response = await new CocApi(_http).ListAsync(query);

        Wire.AssertError(response, HttpStatusCode.BadRequest, Wire.InvalidParameter, parameter);
    }
}
