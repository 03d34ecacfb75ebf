using System.Net;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests;

/// <summary>A failed request changes nothing (workflow.md, invariant 1): details, history and totals stay as they were.</summary>
public sealed class FailedRequestTests(SecureServer server) : IClassFixture<SecureServer>
{
    private readonly CocApi _api = server.Api();

    private async Task<(string Details, string History)> SnapshotAsync(string number)
    {
        var details = await _api.DetailsAsync(number);
        Wire.AssertOk(details);
        var history = await _api.HistoriesAsync(Bodies.Histories(number));
        Wire.AssertOk(history);
        return (details.Data.GetRawText(), history.Data.GetRawText());
    }

    private async Task<string> AcknowledgedTicketAsync()
    {
        var number = await _api.CreateAsync();
        await _api.DoAsync(number, People.Alice, "acceptedIncident1");
        return number;
    }

    [Fact]
    public async Task A_409_for_an_operation_not_allowed_in_the_status_changes_nothing()
    {
        var number = await _api.CreateAsync();
        var before = await SnapshotAsync(number);

        Wire.AssertError(await _api.HandleAsync(number, People.Alice, "confirm", Bodies.Confirmation(true)), HttpStatusCode.Conflict, Wire.NotAllowed);
        Wire.AssertError(await _api.HandleAsync(number, People.Alice, "commitSolution1", Bodies.Solution()), HttpStatusCode.Conflict, Wire.NotAllowed);
        Wire.AssertError(await _api.HandleAsync(number, People.Bob, "acceptedIncident1"), HttpStatusCode.Conflict, Wire.NotAllowed);

        Assert.Equal(before, await SnapshotAsync(number));
    }

    [Fact]
    public async Task A_400_for_an_invalid_parameter_changes_nothing()
    {
        var number = await AcknowledgedTicketAsync();
        var before = await SnapshotAsync(number);

        var solution = Bodies.Solution();
        solution.Remove("cause");
        Wire.AssertInvalid(await _api.HandleAsync(number, People.Alice, "commitSolution1", solution), "parameter.cause");
        var backwards = Bodies.Solution();
        backwards["start_time"] = 1_700_000_000_000;
        backwards["fault_recovery_time"] = 1_600_000_000_000;
        Wire.AssertInvalid(await _api.HandleAsync(number, People.Alice, "commitSolution1", backwards), "fault_recovery_time");
        Wire.AssertInvalid(await _api.HandleAsync(number, People.Alice, "nope"));
        Wire.AssertInvalid(await _api.HandleAsync(number, People.Alice, "forwardOther1", new JsonObject { ["virtual_send_assignee"] = People.Alice }));

        Assert.Equal(before, await SnapshotAsync(number));
    }

    [Fact]
    public async Task A_400_raised_inside_the_write_rolls_the_whole_operation_back()
    {
        var number = await AcknowledgedTicketAsync();
        var before = await SnapshotAsync(number);
        var solution = Bodies.Solution();
        solution["resolve_attachments"] = new JsonArray("no-such-doc-id");

        Wire.AssertInvalid(await _api.HandleAsync(number, People.Alice, "commitSolution1", solution), "no-such-doc-id");

        Assert.Equal(before, await SnapshotAsync(number));
        Assert.Equal(Statuses.Acknowledged, await _api.StatusAsync(number));
    }

    [Fact]
    public async Task A_failed_create_adds_no_ticket()
    {
        await _api.CreateAsync();
        var total = await _api.TotalAsync();

        var unknownCreator = Bodies.Create(creator: "nobody-known");
        var warRoomWithoutRegion = Bodies.Create();
        warRoomWithoutRegion["incident_level"] = "level_10";
        Wire.AssertInvalid(await _api.TryCreateAsync(unknownCreator), "creator");
        Wire.AssertInvalid(await _api.TryCreateAsync(warRoomWithoutRegion), "region");
        Wire.AssertInvalid(await _api.PostAsync("/v1/external/incident/create", "{\"incident_title\":"));
        Wire.AssertInvalid(await _api.TryCreateAsync(new JsonObject()));

        Assert.Equal(total, await _api.TotalAsync());
        Assert.Equal(total, await _api.TotalAsync("status=" + Statuses.Triggered));
    }

    [Fact]
    public async Task A_request_in_another_project_changes_nothing_here()
    {
        var number = await _api.CreateAsync();
        var before = await SnapshotAsync(number);
        var stranger = server.Api();

        Wire.AssertError(await stranger.HandleAsync(number, People.Alice, "acceptedIncident1"), HttpStatusCode.BadRequest, Wire.TicketNotFound);

        Assert.Equal(before, await SnapshotAsync(number));
    }
}
