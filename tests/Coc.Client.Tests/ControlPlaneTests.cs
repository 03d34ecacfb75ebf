using System.Net;

namespace Coc.Client.Tests;

/// <summary>The control plane (control.md) through the client and the emulator's helpers, end to end.</summary>
public sealed class ControlPlaneTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task An_injected_503_is_retried_by_the_client_and_the_create_then_goes_through_once()
    {
        var client = fixture.InOwnProject();
        var rule = await fixture.Coc.AddFaultAsync(new FaultRuleData
        {
            Method = "POST", Path = "/v1/external/incident/create", Status = 503, ErrorCode = "GOM.00007299", ErrorMsg = "injected", Count = 1,
        });

        var number = await client.CreateIncidentAsync(Requests.Create());

        Assert.Equal("INCIDENT_STATUS_TRIGGERED", (await client.GetIncidentAsync(number)).Status);
        Assert.Equal(1, (await client.ListIncidentsAsync()).Total); // the faulted attempt changed nothing
        Assert.DoesNotContain(await fixture.Coc.Client.ListFaultsAsync(), f => f.Id == rule.Id); // used up by the retry
    }

    [Fact]
    public async Task An_injected_429_without_retries_surfaces_as_the_gateway_code()
    {
        var client = fixture.Coc.CreateClient(o => { o.MaxRetries = 0; o.ProjectId = "p-no-retry"; });
        var rule = await fixture.Coc.AddFaultAsync(new FaultRuleData { Path = "/v1/incident-tickets", Status = 429, ErrorCode = "APIGW.0308", Count = 1 });

        var e = await Assert.ThrowsAsync<CocApiException>(() => client.ListIncidentsAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, e.HttpStatus);
        Assert.Equal("APIGW.0308", e.ErrorCode);
        Assert.False(string.IsNullOrEmpty(e.RequestId));
        Assert.Equal(0, (await client.ListIncidentsAsync()).Total);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<CocApiException>(() => client.GetFaultAsync(rule.Id!))).HttpStatus);
    }

    [Fact]
    public async Task Info_export_reset_of_one_project_and_import_bring_its_ticket_back()
    {
        var project = "p-transfer-" + Guid.NewGuid().ToString("N")[..8];
        var client = fixture.Coc.CreateClient(o => o.ProjectId = project);
        var number = await client.CreateIncidentAsync(Requests.Create());
        await client.HandleIncidentAsync(number, "acceptedIncident1", People.Alice);

        var info = await client.GetInfoAsync();
        Assert.Equal("emulator", info.Mode);
        Assert.True(info.Tickets >= 1);
        var exported = await client.ExportProjectAsync(project);

        var reset = await fixture.Coc.ResetAsync(project);
        Assert.Equal(project, reset.ProjectId);
        Assert.Equal(0, (await client.ListIncidentsAsync()).Total);

        await fixture.Coc.SeedAsync(exported, project);
        var back = await client.GetIncidentAsync(number);
        Assert.Equal("INCIDENT_STATUS_ACKNOWLEDGED", back.Status);
        Assert.Equal(2, (await client.ListHistoriesAsync(ListHistoriesRequest.ForTickets(number))).Total);
    }

    [Fact]
    public async Task The_clock_moves_forward_and_resets()
    {
        var before = await fixture.Coc.Client.GetClockAsync();
        var moved = await fixture.Coc.AdvanceClockAsync(TimeSpan.FromHours(2));
        try
        {
            Assert.True(moved.OffsetMs >= before.OffsetMs + 7_200_000 - 1);
            Assert.True(moved.Now >= before.Now + 7_200_000);
        }
        finally
        {
            Assert.Equal(0, (await fixture.Coc.Client.ResetClockAsync()).OffsetMs);
        }
    }

    [Fact]
    public async Task A_snapshot_taken_while_serving_restores_the_state_it_saw()
    {
        var client = fixture.Coc.CreateClient(o => o.ProjectId = "p-snapshot");
        var kept = await client.CreateIncidentAsync(Requests.Create("kept"));
        var snapshot = await client.CreateSnapshotAsync("client-test-" + Guid.NewGuid().ToString("N")[..6]);
        await client.CreateIncidentAsync(Requests.Create("after the snapshot"));

        Assert.Contains(await client.ListSnapshotsAsync(), s => s.Name == snapshot.Name);
        await client.RestoreSnapshotAsync(snapshot.Name);

        var tickets = new List<string>();
        await foreach (var t in client.ListAllIncidentsAsync()) tickets.Add(t.TicketId);
        Assert.Equal([kept], tickets);
        await client.DeleteSnapshotAsync(snapshot.Name);
        Assert.DoesNotContain(await client.ListSnapshotsAsync(), s => s.Name == snapshot.Name);
    }
}
