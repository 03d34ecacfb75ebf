// The README's "In-process emulator for tests" example, verbatim: if this compiles and passes, so does the README's.
using Coc.Client;
using Coc.Core.Contracts.Incidents;
using Coc.Testing;
using Xunit;

namespace MyService.Tests;

public class IncidentTests
{
    [Fact]
    public async Task A_new_incident_is_triggered()
    {
        await using var coc = await CocEmulator.StartAsync();

        var number = await coc.Client.CreateIncidentAsync(new CreateIncidentRequest
        {
            IncidentLevel = "level_40",
            IsServiceInterrupt = false,
            IncidentType = "inc_type_p_function_issues",
            IncidentTitle = "disk full on db-1",
            IncidentSource = "incident_source_manual",
            IncidentAssignee = ["ops-alice"],
            Creator = "ops-carol",
        });

        var incident = await coc.Client.GetIncidentAsync(number);
        Assert.Equal("INCIDENT_STATUS_TRIGGERED", incident.Status);
    }
}
