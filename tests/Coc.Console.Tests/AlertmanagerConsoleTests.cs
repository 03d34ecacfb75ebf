using Coc.Testing.Support;
using Coc.Testing.Support.Monitoring;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

/// <summary>Issue 14's "done means": a real Alertmanager on this machine turns a firing alert into an incident that a
/// person accepts in the console.</summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "RealParts")]
public sealed class AlertmanagerConsoleTests(ConsoleFixture fx)
{
    [Fact]
    public async Task An_incident_made_from_a_real_Alertmanager_alert_is_accepted_in_the_console()
    {
        var itg = await fx.Api.CreateIntegrationAsync("am" + Guid.NewGuid().ToString("N")[..8], AlarmFeeds.UrgentRule());
        await using var alertmanager = await AlertmanagerProcess.StartAsync(new Uri(fx.Server.BaseAddress, itg.IngestPath));
        var name = "ApiErrors" + Guid.NewGuid().ToString("N")[..6];
        await alertmanager.FireAsync(AlertmanagerAlert.Named(name, ("severity", "critical"), ("instance", "api-1")) with
        {
            Annotations = new Dictionary<string, string> { ["summary"] = "5xx above 5%" },
        });
        var alarm = await Polling.UntilAsync(async () => (await fx.Api.AlarmsAsync(itg.Id)).FirstOrDefault(),
            a => a?["associate_event_id"] is not null, TimeSpan.FromSeconds(20), "the alert as an alarm linked to an incident");
        var number = alarm!["associate_event_id"]!.GetValue<string>();

        await using var c = await fx.OpenAsync("/console/#/alarms?integration_id=" + itg.Id);
        var page = c.Page;
        await page.GetByLabel("Acting as").SelectOptionAsync("ops-alice");
        var row = page.Locator($"tr[data-alarm='{alarm["id"]}']");
        await Expect(row).ToContainTextAsync(name);
        await Expect(row.Locator("[data-importance]")).ToHaveTextAsync("Urgent");
        await row.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();

        await c.ExpectStatusAsync("INCIDENT_STATUS_TRIGGERED");
        await Expect(page.Locator(".ticket-title")).ToHaveTextAsync($"{name}: 5xx above 5%");
        await Expect(page.Locator($"#linked-alarms li[data-alarm='{alarm["id"]}']")).ToContainTextAsync(name);
        await c.OpenOperationAsync("acceptedIncident1");
        await c.SubmitOperationAsync();
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED");
        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath("alarm-incident.png"), FullPage = true });

        var details = await fx.Api.DetailsAsync(number);
        Assert.Equal("INCIDENT_STATUS_ACKNOWLEDGED", details["status"]!.GetValue<string>());
        Assert.Equal("ops-alice", details["incident_assignee"]![0]!.GetValue<string>());
        Assert.Empty(c.Errors);
    }
}
