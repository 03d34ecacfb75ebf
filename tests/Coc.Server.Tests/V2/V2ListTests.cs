using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests.V2;

/// <summary>v2.md, List: the filter language over the caller's tickets, in the SDK's item shape.</summary>
public sealed class V2ListTests(V2TestServer server) : IClassFixture<V2TestServer>
{
    private const string Path = "/v2/incidents/list";

    /// <summary>Three tickets, oldest first: "cpu high" (accepted), "disk full" (Bob's), "CPU spike" (level_30, with a start time).</summary>
    private async Task<(CocApi Api, string Cpu, string Disk, string Spike)> ThreeTicketsAsync()
    {
        var alice = server.As(V2Server.Alice);
        var cpu = await alice.CreateAsync(Bodies.Create("cpu high on web-1", creator: People.Alice));
        await Task.Delay(3);
        var disk = await alice.CreateAsync(Bodies.Create("disk full on db-1", assignee: People.Bob, creator: People.Alice));
        await Task.Delay(3);
        var spikeBody = Bodies.Create("CPU spike", creator: People.Alice);
        spikeBody["incident_level"] = "level_30";
        spikeBody["start_time"] = server.Now.ToUnixTimeMilliseconds() - 60_000;
        var spike = await alice.CreateAsync(spikeBody);
        await alice.DoV2Async(cpu, "accepted");
        return (alice, cpu, disk, spike);
    }

    private static List<string> Numbers(WireResponse r) => [.. r.Data.GetProperty("tickets").EnumerateArray().Select(t => t.Str("ticket_id"))];

    [Fact]
    public async Task Conditions_combine_named_filters_and_count_filters_count_independently()
    {
        var (alice, cpu, disk, spike) = await ThreeTicketsAsync();
        var body = JsonNode.Parse("""
            {"string_filters": [
                {"operator": "in", "field": "work_flow_status", "name": "open", "values": ["INCIDENT_STATUS_TRIGGERED", "INCIDENT_STATUS_ACKNOWLEDGED"]},
                {"operator": "like", "field": "title", "name": "title_cpu", "values": ["cpu"]},
                {"operator": "=", "field": "assignee", "name": "bobs", "values": ["ops-bob"]}],
             "count_filters": [{"name": "triggered", "filters": [{"operator": "=", "field": "work_flow_status", "values": ["INCIDENT_STATUS_TRIGGERED"]}]}],
             "condition": "open & (title_cpu | bobs)", "page": 1, "per_page": 20, "ticket_types": ["incident"]}
            """)!;

        var r = await alice.PostAsync(Path, body);

        Wire.AssertOk(r);
        Assert.Equal([spike, disk, cpu], Numbers(r));
        Assert.Equal(3, Wire.AssertInteger(r.Data, "total"));
        Assert.Equal([2L], r.Data.GetProperty("count_results").EnumerateArray().Select(c => c.GetInt64()));

        body["condition"] = "open & title_cpu & bobs";
        Assert.Empty(Numbers(await alice.PostAsync(Path, body)));
        body["condition"] = "title_cpu | bobs"; // "open" is not named: AND-ed
        body["string_filters"]![0]!["values"] = new JsonArray("INCIDENT_STATUS_TRIGGERED");
        Assert.Equal([spike, disk], Numbers(await alice.PostAsync(Path, body)));
    }

    [Fact]
    public async Task Items_carry_every_key_as_a_string_and_fields_narrow_them()
    {
        var (alice, cpu, _, _) = await ThreeTicketsAsync();
        var one = """{"string_filters": [{"operator": "=", "field": "ticket_id", "values": ["NUMBER"]}]}""".Replace("NUMBER", cpu);

        var item = Assert.Single((await alice.PostAsync(Path, one)).Data.GetProperty("tickets").EnumerateArray().ToList());

        Wire.AssertString(item, "work_flow_status", Statuses.Acknowledged);
        Wire.AssertString(item, "phase", "phase_incident_handle");
        Wire.AssertString(item, "is_service_interrupt", "false");
        Wire.AssertString(item, "operator", People.Alice);
        Assert.Matches("^[0-9]+$", item.Str("create_time"));
        Assert.True(long.Parse(item.Str("update_time")) > long.Parse(item.Str("create_time")));
        Wire.AssertNull(item, "start_time");
        Wire.AssertNull(item, "forward_rule_id");
        var level = item.GetProperty("enum_data_list").EnumerateArray().Single(e => e.Str("prop_id") == "level_id");
        Wire.AssertString(level, "biz_id", "level_40");
        Wire.AssertString(level, "filed_key", "level_id");
        Wire.AssertString(level, "enum_key", "level_40");

        var narrow = JsonNode.Parse(one)!;
        narrow["fields"] = new JsonArray("title");
        var small = Assert.Single((await alice.PostAsync(Path, narrow)).Data.GetProperty("tickets").EnumerateArray().ToList());
        Assert.Equal(["ticket_id", "title"], small.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Missing_values_match_only_not_equal_and_sort_last_and_paging_reports_the_real_total()
    {
        var (alice, cpu, disk, spike) = await ThreeTicketsAsync();

        var notEqual = await alice.PostAsync(Path, $$"""{"int_filters": [{"operator": "!=", "field": "start_time", "values": [1]}]}""");
        Assert.Equal(3, Wire.AssertInteger(notEqual.Data, "total"));
        var after = await alice.PostAsync(Path, $$"""{"string_filters": [{"operator": ">=", "field": "start_time", "values": ["1"]}]}""");
        Assert.Equal([spike], Numbers(after));

        var sorted = await alice.PostAsync(Path, """{"sort_filter": {"operator": "asc", "field": "start_time", "values": ["start_time"]}}""");
        Assert.Equal([spike, .. new[] { disk, cpu }.OrderDescending(StringComparer.Ordinal)], Numbers(sorted)); // missing last, ties by number descending
        var byLevel = await alice.PostAsync(Path, """{"sort_filter": {"operator": "asc", "field": "level_id"}}""");
        Assert.Equal(spike, Numbers(byLevel)[0]);

        var past = await alice.PostAsync(Path, """{"page": 2, "per_page": 3}""");
        Assert.Empty(Numbers(past));
        Assert.Equal(3, Wire.AssertInteger(past.Data, "total"));
        var noTotal = await alice.PostAsync(Path, """{"per_page": 1, "contain_total": false}""");
        Wire.AssertNull(noTotal.Data, "total");
        Assert.Equal([spike], Numbers(noTotal));
        var everything = await alice.PostAsync(Path, """{"per_page": 1, "page": 7, "contain_all": true}""");
        Assert.Equal(3, Numbers(everything).Count);
    }

    /// <summary>A total over status and level sums the kept counts (migration 11); adding a filter that matches every
    /// ticket makes the server count the tickets themselves, so the two must agree after every kind of change.</summary>
    [Fact]
    public async Task Totals_over_status_and_level_follow_creates_transitions_and_level_changes()
    {
        var (alice, cpu, disk, spike) = await ThreeTicketsAsync();
        await alice.DoV2Async(spike, "accepted");
        await alice.DoV2Async(spike, "changeLevel",
            new JsonObject { ["virtual_target_level"] = "level_20", ["virtual_change_level_comment"] = "worse" });
        await alice.DoV2Async(cpu, "commitSolution", Bodies.Solution());
        var bob = server.As(V2Server.Bob, alice.Project);
        await bob.DoV2Async(disk, "accepted");
        await alice.CreateAsync(Bodies.Create("memory leak", creator: People.Alice));

        string[] conditions =
        [
            """{"operator": "in", "field": "work_flow_status", "values": ["INCIDENT_STATUS_TRIGGERED", "INCIDENT_STATUS_ACKNOWLEDGED"]}""",
            """{"operator": "=", "field": "level_id", "values": ["level_20"]}""",
            """{"operator": "=", "field": "level_id", "values": ["level_30"]}""",
            """{"operator": "!=", "field": "work_flow_status", "values": ["INCIDENT_STATUS_RESOLVED"]}""",
            """{"operator": "=", "field": "work_flow_status", "values": ["INCIDENT_STATUS_RESOLVED"]}""",
        ];
        var expected = new long[] { 3, 1, 0, 3, 1 };
        const string everyTicket = """{"operator": "!=", "field": "creator", "values": ["nobody"]}""";
        for (var i = 0; i < conditions.Length; i++)
        {
            var counted = await alice.PostAsync(Path, $$"""{"string_filters": [{{conditions[i]}}], "per_page": 50}""");
            var scanned = await alice.PostAsync(Path, $$"""{"string_filters": [{{conditions[i]}}, {{everyTicket}}], "per_page": 50}""");
            Assert.Equal(expected[i], Wire.AssertInteger(counted.Data, "total"));
            Assert.Equal(expected[i], Wire.AssertInteger(scanned.Data, "total"));
            Assert.Equal(expected[i], Numbers(counted).Count);
        }
        var either = await alice.PostAsync(Path, """
            {"string_filters": [{"operator": "=", "field": "level_id", "name": "p2", "values": ["level_20"]},
                                {"operator": "=", "field": "work_flow_status", "name": "resolved", "values": ["INCIDENT_STATUS_RESOLVED"]}],
             "condition": "p2 | resolved",
             "count_filters": [{"name": "open", "filters": [{"operator": "=", "field": "work_flow_status", "values": ["INCIDENT_STATUS_TRIGGERED"]}]}]}
            """);
        Assert.Equal(2, Wire.AssertInteger(either.Data, "total"));
        Assert.Equal([1L], either.Data.GetProperty("count_results").EnumerateArray().Select(c => c.GetInt64()));
    }

    [Fact]
    public async Task Values_are_parameters_never_sql()
    {
        var (alice, _, _, _) = await ThreeTicketsAsync();
        var r = await alice.PostAsync(Path, """
            {"string_filters": [{"operator": "in", "field": "work_flow_status", "values": ["x') OR 1=1 --", "' OR '1'='1"]},
                                {"operator": "like", "field": "title", "values": ["%"]}]}
            """);
        Wire.AssertOk(r);
        Assert.Equal(0, Wire.AssertInteger(r.Data, "total"));
        var underscore = await alice.PostAsync(Path, """{"string_filters": [{"operator": "like", "field": "title", "values": ["_"]}]}""");
        Assert.Equal(0, Wire.AssertInteger(underscore.Data, "total"));
    }

    [Theory]
    [InlineData("""{"string_filters": [{"operator": ">", "field": "title", "values": ["a"]}]}""", "string_filters[0].operator value[>] invalid")]
    [InlineData("""{"string_filters": [{"operator": "=", "field": "title; DROP TABLE tickets", "values": ["a"]}]}""", "string_filters[0].field value[")]
    [InlineData("""{"int_filters": [{"operator": "<", "field": "create_time", "values": [1, 2]}]}""", "int_filters[0].values must hold exactly one value")]
    [InlineData("""{"int_filters": [{"operator": "<", "field": "create_time", "values": ["soon"]}]}""", "int_filters[0].values[0] value[soon] invalid")]
    [InlineData("""{"sort_filter": {"operator": "asc", "field": "title"}}""", "sort_filter.field value[title] invalid")]
    [InlineData("""{"group_by_filter": {"field": "level_id"}}""", "group_by_filter is not supported")]
    [InlineData("""{"ticket_types": ["issues_mgmt"]}""", "ticket_types")]
    [InlineData("""{"fields": ["secret"]}""", "The field[fields] value[secret] invalid")]
    [InlineData("""{"per_page": 201}""", "per_page")]
    [InlineData("""{"page": 0}""", "page")]
    [InlineData("""{"count_filters": [{"name": "x", "filters": [{"operator": "~", "field": "title", "values": ["a"]}]}]}""", "count_filters[0].filters[0].operator")]
    [InlineData("""{"condition": "a"}""", "condition")]
    public async Task Unsupported_requests_are_400_naming_what_they_refuse(string body, string named)
    {
        var alice = server.As(V2Server.Alice);
        Wire.AssertError(await alice.PostAsync(Path, body), HttpStatusCode.BadRequest, "GOM.00007256", named);
    }

    [Fact]
    public async Task Another_projects_tickets_are_not_listed()
    {
        var (alice, _, _, _) = await ThreeTicketsAsync();
        var other = server.As(V2Server.Alice);
        await other.CreateAsync(Bodies.Create(creator: People.Alice));
        Assert.Equal(3, Wire.AssertInteger((await alice.PostAsync(Path, "{}")).Data, "total"));
        Assert.Equal(1, Wire.AssertInteger((await other.PostAsync(Path, """{"string_filters": [{"operator": "like", "field": "title", "values": ["disk"]}]}""")).Data, "total"));
    }
}
