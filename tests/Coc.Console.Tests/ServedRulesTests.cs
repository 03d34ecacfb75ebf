using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

/// <summary>The console's limits and rules are the ones <c>/v1/console/reference</c> serves, not copies of its own.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ServedRulesTests(ConsoleFixture fx)
{
    [Fact]
    public async Task Form_lengths_are_the_served_limits()
    {
        var limits = JsonNode.Parse(await fx.Api.Http.GetStringAsync("/v1/console/reference"))!["limits"]!;
        string Limit(string name) => limits[name]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var number = await fx.Api.CreateAsync("Limits in the forms");
        await fx.Api.AcceptAsync(number);

        await using var c = await fx.OpenAsync("/console/#/new");
        var page = c.Page;
        await Expect(page.Locator("#c-incident_title")).ToHaveAttributeAsync("maxlength", Limit("title"));
        await Expect(page.Locator("#c-incident_description")).ToHaveAttributeAsync("maxlength", Limit("description"));
        await Expect(page.Locator("#c-region")).ToHaveAttributeAsync("maxlength", Limit("text"));

        await page.GotoAsync($"/console/#/ticket/{number}");
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED");
        await c.OpenOperationAsync("commitSolution1");
        await Expect(page.Locator("#op-commitSolution1-cause")).ToHaveAttributeAsync("maxlength", Limit("solution"));
        await Expect(page.Locator("#op-commitSolution1-solution")).ToHaveAttributeAsync("maxlength", Limit("solution"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await c.OpenOperationAsync("incidentPause");
        await Expect(page.Locator("#op-incidentPause-pause_reason")).ToHaveAttributeAsync("maxlength", Limit("comment"));
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task Limits_and_rules_changed_on_the_server_reach_the_console()
    {
        var number = await fx.Api.CreateAsync("Rules served by the server");
        await using var c = await fx.OpenAsync("/console/#/new");
        var page = c.Page;
        // The server's answer, changed on its way: a console that reads it follows; one with copies does not.
        await page.RouteAsync("**/v1/console/reference", async route =>
        {
            var response = await route.FetchAsync();
            var reference = JsonNode.Parse(await response.TextAsync())!;
            reference["limits"]!["title"] = 20;
            reference["limits"]!["start_time_max_future_ms"] = 3_600_000;
            reference["attachments"]!["max_file_bytes"] = 16;
            reference["region_required"]!.AsArray().Add(new JsonObject { ["level"] = "level_30", ["application"] = null });
            foreach (var slot in reference["on_duty"]!.AsArray())
                if (slot!["role"]!.GetValue<string>() == "role-oncall") slot["person"] = "ops-bob";
            await route.FulfillAsync(new() { Response = response, Body = reference.ToJsonString() });
        });
        await page.ReloadAsync();

        await Expect(page.Locator("#c-incident_title")).ToHaveAttributeAsync("maxlength", "20");
        await page.GetByLabel("Title").FillAsync("Needs a region now");
        await page.GetByLabel("Level").SelectOptionAsync("level_30");
        await page.GetByLabel("Type").SelectOptionAsync("inc_type_p_function_issues");
        await page.GetByLabel("Whoever is on duty (schedule)").CheckAsync();
        await page.GetByLabel("Schedule scene").SelectOptionAsync("scene-default");
        await page.GetByLabel("Schedule role").SelectOptionAsync("role-oncall");
        await Expect(page.Locator("#c-onduty")).ToHaveTextAsync("On duty: Bob");
        // Two hours ahead: past the served hour, and the message names the served limit (not five minutes).
        await page.Locator("#c-start_time").FillAsync(DateTime.Now.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create ticket" }).ClickAsync();
        await Expect(page.Locator("[data-field=region] .field-error")).ToContainTextAsync("Region is required: a WarRoom auto-starts for P3");
        await Expect(page.Locator("[data-field=start_time] .field-error")).ToContainTextAsync("more than 60 minutes in the future");
        await Expect(page).ToHaveURLAsync(new Regex("#/new$"));

        await page.GotoAsync($"/console/#/ticket/{number}");
        await c.ExpectStatusAsync("INCIDENT_STATUS_TRIGGERED");
        await page.GetByLabel(new Regex("^File")).SetInputFilesAsync(new FilePayload { Name = "big.txt", MimeType = "text/plain", Buffer = new byte[17] });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Expect(page.Locator("#upload-error")).ToHaveTextAsync("The file is larger than 16 B");
        Assert.Empty(c.Errors);
    }
}
