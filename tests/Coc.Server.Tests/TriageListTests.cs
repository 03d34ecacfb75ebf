using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests;

/// <summary>
/// The on-call desk's extensions of GET /v1/incident-tickets [ours] (docs/decisions.md, Triage list): several
/// statuses or levels at once, the triage order and column sorts, search by ticket number or person, and the
/// items' extra fields. Without them the list answers as before (<see cref="ListTests"/>).
/// </summary>
public sealed class TriageListTests(SecureServer server) : IClassFixture<SecureServer>
{
    private readonly HttpClient _http = server.CreateWireClient();

    private static JsonObject Ticket(string title, string level, string assignee = People.Alice, string creator = People.Carol)
    {
        var body = Bodies.Create(title, assignee, creator);
        body["incident_level"] = level;
        body["region"] = new JsonArray("cn-north-4");
        return body;
    }

    private static async Task<List<string>> Numbers(CocApi api, string query, long? total = null)
    {
        var r = await api.ListAsync(query);
        Wire.AssertOk(r);
        if (total is { } expected) Assert.Equal(expected, r.Data.GetProperty("total").GetInt64());
        return [.. r.Data.GetProperty("IncidentSimpleTicketInfos").EnumerateArray().Select(i => i.Str("ticket_id"))];
    }

    /// <summary>Created in this order, a few ms apart: a P4 (unaccepted), a P2 accepted, a P2 unaccepted, a P3
    /// resolved-and-closed, a P1 unaccepted.</summary>
    private static async Task<string[]> DeskAsync(CocApi api)
    {
        var numbers = new List<string>();
        foreach (var (title, level, assignee) in new[]
                 {
                     ("old p4", "level_40", People.Alice), ("p2 accepted", "level_20", People.Bob), ("p2 waiting", "level_20", People.Alice),
                     ("p3 done", "level_30", People.Bob), ("p1 waiting", "level_10", People.Bob),
                 })
        {
            numbers.Add(await api.CreateAsync(Ticket(title, level, assignee)));
            await Task.Delay(3);
        }
        await api.DoAsync(numbers[1], People.Bob, "acceptedIncident1");
        await api.DoAsync(numbers[3], People.Bob, "acceptedIncident1");
        await api.DoAsync(numbers[3], People.Bob, "commitSolution1", Bodies.Solution());
        await api.DoAsync(numbers[3], People.Carol, "confirm", Bodies.Confirmation(true));
        return [.. numbers];
    }

    /// <summary>Tickets equal in the sorted column, in the tie order: ticket number descending.</summary>
    private static string[] Tied(params string[] numbers) => [.. numbers.OrderDescending(StringComparer.Ordinal)];

    [Fact]
    public async Task Status_and_level_take_several_comma_separated_values()
    {
        var api = new CocApi(_http);
        var n = await DeskAsync(api);

        Assert.Equal([n[4], n[2], n[1], n[0]], await Numbers(api, $"status={Statuses.Triggered},{Statuses.Acknowledged}", 4));
        Assert.Equal([n[3], n[2], n[1]], await Numbers(api, "level=level_20,level_30", 3));
        Assert.Equal([n[2], n[1]], await Numbers(api, $"level=level_20,level_30&status={Statuses.Triggered},{Statuses.Acknowledged}", 2));
        Assert.Equal([n[4], n[2], n[0]], await Numbers(api, $"status={Statuses.Triggered}", 3));
    }

    [Theory]
    [InlineData("status=INCIDENT_STATUS_TRIGGERED,INCIDENT_STATUS_NOPE", "status")]
    [InlineData("status=INCIDENT_STATUS_TRIGGERED,", "status")]
    [InlineData("level=level_10,,level_20", "level")]
    [InlineData("level=level_10,level_60", "level")]
    [InlineData("sort=priority", "sort")]
    [InlineData("sort=-triage", "sort")]
    [InlineData("sort=--level", "sort")]
    [InlineData("extended=yes", "extended")]
    public async Task An_unknown_value_is_400_naming_the_parameter(string query, string parameter)
    {
        var api = new CocApi(_http);
        await api.CreateAsync();

        var response = await api.ListAsync(query);

        Wire.AssertError(response, HttpStatusCode.BadRequest, Wire.InvalidParameter, parameter);
    }

    [Fact]
    public async Task The_triage_order_puts_open_tickets_first_by_level_unaccepted_first_then_oldest_first()
    {
        var api = new CocApi(_http);
        var n = await DeskAsync(api);

        // P1 waiting; P2 waiting before P2 accepted (although newer); P4; the completed P3 last.
        Assert.Equal([n[4], n[2], n[1], n[0], n[3]], await Numbers(api, "sort=triage", 5));
        Assert.Equal([n[1], n[0]], await Numbers(api, "sort=triage&offset=2&limit=2", 5));
    }

    [Fact]
    public async Task Columns_sort_ascending_or_descending_with_a_minus()
    {
        var api = new CocApi(_http);
        var n = await DeskAsync(api);

        Assert.Equal([n[0], n[1], n[2], n[3], n[4]], await Numbers(api, "sort=create_time"));
        Assert.Equal([n[4], n[3], n[2], n[1], n[0]], await Numbers(api, "sort=-create_time"));
        // Ties keep the default order: ticket number descending.
        Assert.Equal([n[4], .. Tied(n[2], n[1]), n[3], n[0]], await Numbers(api, "sort=level"));
        Assert.Equal([n[0], n[3], .. Tied(n[2], n[1]), n[4]], await Numbers(api, "sort=-level"));
        // Statuses in workflow order: triggered, acknowledged, …, completed.
        Assert.Equal([.. Tied(n[4], n[2], n[0]), n[1], n[3]], await Numbers(api, "sort=status"));
        Assert.Equal([n[0], n[4], n[1], n[2], n[3]], await Numbers(api, "sort=title"));
        Assert.Equal([.. Tied(n[2], n[0]), .. Tied(n[4], n[3], n[1])], await Numbers(api, "sort=assignee"));
        var byNumber = n.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(byNumber, await Numbers(api, "sort=ticket_id"));
        Assert.Equal(Enumerable.Reverse(byNumber), await Numbers(api, "sort=-ticket_id"));
    }

    [Fact]
    public async Task Search_finds_an_exact_ticket_number_and_people_by_name_or_id()
    {
        var api = new CocApi(_http);
        var n = await DeskAsync(api);

        Assert.Equal([n[2]], await Numbers(api, "q=" + n[2], 1));
        Assert.Equal([n[2]], await Numbers(api, "q=" + n[2].ToLowerInvariant(), 1));
        Assert.Equal([n[2], n[0]], await Numbers(api, "q=Alice", 2));
        Assert.Equal([n[2], n[0]], await Numbers(api, "q=" + Uri.EscapeDataString("爱丽丝"), 2));
        Assert.Equal([n[2], n[0]], await Numbers(api, "q=ops-alice", 2));
        Assert.Equal([n[4], n[3], n[2], n[1], n[0]], await Numbers(api, "q=carol", 5));
        Assert.Equal([n[2], n[0]], await Numbers(api, "assignee=alice", 2));
        Assert.Equal([n[2], n[0]], await Numbers(api, "assignee=" + People.Alice, 2));
        Assert.Equal([n[4], n[3], n[2], n[1], n[0]], await Numbers(api, "creator=Carol", 5));
        Assert.Empty(await Numbers(api, "creator=Bob", 0));
        Assert.Equal([n[2]], await Numbers(api, "q=waiting&assignee=Alice", 1));
        Assert.Empty(await Numbers(api, "q=" + n[2][..^1], 0));
    }

    [Fact]
    public async Task Extended_items_carry_a_triage_object_with_accept_time_interruption_pause_and_pending_request()
    {
        var api = new CocApi(_http);
        var n = await DeskAsync(api);
        await api.DoAsync(n[1], People.Bob, "incidentPause", new JsonObject
        {
            ["pause_reason"] = "waiting for the vendor", ["pause_end_time"] = DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeMilliseconds(),
        });

        var r = await api.ListAsync("extended=true&sort=create_time");
        Wire.AssertOk(r);
        var items = r.Data.GetProperty("IncidentSimpleTicketInfos").EnumerateArray().Select(i => i.GetProperty("triage")).ToList();
        Wire.AssertNull(items[0], "accept_time");
        Wire.AssertNull(items[0], "pending_request");
        Wire.AssertNull(items[0], "paused_until");
        Assert.Equal(JsonValueKind.False, items[0].GetProperty("is_service_interrupt").ValueKind);
        Wire.AssertKind(items[1], "accept_time", JsonValueKind.Number);
        Wire.AssertString(items[1], "pending_request", "pause");
        Assert.Equal(JsonValueKind.True, items[3].GetProperty("is_service_interrupt").ValueKind);

        var plain = await api.ListAsync("sort=create_time");
        var keys = plain.Data.GetProperty("IncidentSimpleTicketInfos")[0].EnumerateObject().Select(p => p.Name);
        Assert.Equal(["ticket_id", "title", "description", "status", "level", "enterprise_project", "source", "creator", "assignee", "create_time"], keys);
    }
}
