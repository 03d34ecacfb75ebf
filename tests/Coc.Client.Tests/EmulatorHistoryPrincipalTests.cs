namespace Coc.Client.Tests;

/// <summary>
/// Moved from Coc.Server.Tests (HistoryTests.cs), where it ran on WebApplicationFactory's EmulatorServer: the same check
/// now runs on the in-process <see cref="CocEmulator"/>.
/// </summary>
public sealed class EmulatorHistoryPrincipalTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task An_entry_made_without_credentials_in_emulator_mode_records_anonymous()
    {
        var client = emulator.Coc.CreateClient(o => { o.AccessKey = null; o.SecretKey = null; o.ProjectId = "principal-emulator"; });
        var number = await client.CreateIncidentAsync(Requests.Create());

        var entry = Assert.Single((await client.ListHistoriesAsync(ListHistoriesRequest.ForTickets(number))).Info);

        Assert.Equal("anonymous", entry.Principal);
    }
}
