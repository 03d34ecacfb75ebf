namespace Coc.Server.Tests.BadBytes;

/// <summary>
/// List filters (hardening item 10): a control character in a text filter or a time past year 9999 is a 400 naming
/// the parameter; a NUL in <c>q</c> used to match every ticket.
/// </summary>
public sealed class BadQueryTests(BadBytesServer server) : IClassFixture<BadBytesServer>
{
    private readonly CocApi _api = server.Api();

    public static TheoryData<string, string> Cases() => new()
    {
        { "q=%00", "q" },
        { "q=disk%00", "q" },
        { "q=%01", "q" },
        { "q=%1B%5B2J", "q" },
        { "q=%7F", "q" },
        { "q=%C2%85", "q" },
        { "assignee=%00", "assignee" },
        { "creator=ops%00carol", "creator" },
        { "status=%00", "status" },
        { "level=level_40%00", "level" },
        { "created_after=9223372036854775807", "created_after" },
        { "created_before=253402300800000", "created_before" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_control_character_or_an_out_of_range_time_is_a_400_naming_the_parameter(string query, string name)
    {
        await _api.CreateAsync();
        var (response, lines) = await server.LoggedWhileAsync(() => _api.ListAsync(query));

        Wire.AssertInvalid(response, name);
        LogAssert.Quiet(lines);
    }

    [Fact]
    public async Task Text_filters_still_find_what_they_name()
    {
        var number = await _api.CreateAsync(Bodies.Create(title: "disk full on db-7\twith a tab"));
        await _api.CreateAsync(Bodies.Create(title: "network flapping"));

        var found = await _api.ListAsync("q=" + Uri.EscapeDataString("db-7"));

        Wire.AssertOk(found);
        Assert.Equal(1, found.Data.GetProperty("total").GetInt64());
        Assert.Equal(number, found.Data.GetProperty("IncidentSimpleTicketInfos")[0].Str("ticket_id"));
    }
}
