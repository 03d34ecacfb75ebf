using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

/// <summary>WarRooms in the console (warrooms.md): on the incident page and in their own list.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class WarRoomTests(ConsoleFixture fx)
{
    [Fact]
    public async Task An_escalation_that_starts_a_WarRoom_shows_it_on_the_incident_page_and_in_the_list_and_completing_closes_it()
    {
        var number = await fx.Api.CreateAsync("Card payments fail in one region", level: "level_30");
        await fx.Api.AcceptAsync(number);

        await using var c = await fx.OpenAsync($"/console/?poll=500#/ticket/{number}");
        var page = c.Page;
        await page.GetByLabel("Acting as").SelectOptionAsync("ops-alice");
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED");
        await Expect(page.Locator("#warroom")).ToBeHiddenAsync();

        // Escalating to P2 matches the WarRoom rule: the workflow starts one in the same operation.
        await c.OpenOperationAsync("incidentChangeLevel1");
        var dialog = page.Locator("#op-dialog");
        await dialog.GetByLabel("New level").SelectOptionAsync("level_20");
        await dialog.GetByLabel("Reason for the change").FillAsync("Every card payment fails");
        await c.SubmitOperationAsync();
        await Expect(page.Locator(".ticket-head [data-level]")).ToHaveTextAsync("P2");

        var panel = page.Locator("#warroom");
        await Expect(panel).ToBeVisibleAsync();
        var warRoomNum = (await fx.Api.DetailsAsync(number))["warroom_id"]!.GetValue<string>();
        await Expect(panel.Locator("[data-warroom]")).ToHaveAttributeAsync("data-warroom", warRoomNum);
        await Expect(panel.Locator("[data-warroom-status]")).ToHaveTextAsync("Running");
        await Expect(panel).ToContainTextAsync("Card payments fail in one region");
        await Expect(panel.Locator("#wr-admin")).ToHaveTextAsync("Alice");
        await Expect(panel.Locator("#wr-level")).ToHaveTextAsync("P2");
        await Expect(panel.Locator("#wr-started-by")).ToHaveTextAsync("By a WarRoom rule");
        await Expect(panel.Locator("#wr-close")).ToHaveTextAsync("—");
        await Accessibility.AssertNoAxeViolationsAsync(page);

        // The link opens the WarRoom list on this incident, with its counts.
        await panel.GetByRole(AriaRole.Link, new() { Name = "WarRooms of this incident" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "WarRooms", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("#wr-f-incident")).ToHaveValueAsync(number);
        var row = page.Locator($"tr[data-warroom='{warRoomNum}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("Running");
        await Expect(row).ToContainTextAsync("P2");
        await Expect(row).ToContainTextAsync("Alice");
        await Expect(page.Locator("#wr-count-all")).ToContainTextAsync("1");
        await Expect(page.Locator("#wr-count-running")).ToContainTextAsync("1");
        await Expect(page.Locator("#wr-count-closed")).ToContainTextAsync("0");
        await Accessibility.AssertEveryControlIsLabelledAsync(page);
        await Accessibility.AssertNoAxeViolationsAsync(page);
        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath("warrooms.png"), FullPage = true });

        // Completing the incident closes its WarRoom: the list (by polling) and the incident page say so.
        await fx.Api.ResolveAsync(number);
        var (status, message) = await fx.Api.HandleAsync(number, "confirm", "ops-bob",
            new JsonObject { ["virtual_confirm_result"] = true, ["virtual_confirm_comment"] = "verified" });
        Assert.True(status == 200, $"confirm answered {status}: {message}");
        await Expect(row).ToContainTextAsync("Closed");
        await Expect(page.Locator("#wr-count-closed")).ToContainTextAsync("1");
        await Expect(page.Locator("#wr-count-running")).ToContainTextAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Closed" }).ClickAsync();
        await Expect(row).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Running" }).ClickAsync();
        await Expect(row).ToBeHiddenAsync();

        await page.GotoAsync($"/console/#/ticket/{number}");
        await c.ExpectStatusAsync("INCIDENT_STATUS_COMPLETED");
        await Expect(panel.Locator("[data-warroom-status]")).ToHaveTextAsync("Closed");
        await Expect(panel.Locator("#wr-close time")).ToBeVisibleAsync();

        // Both languages.
        await page.Locator("#lang").SelectOptionAsync("zh");
        await Expect(panel.Locator("[data-warroom-status]")).ToHaveTextAsync("已关闭");
        await Expect(panel.Locator("h2")).ToHaveTextAsync("作战室");
        await page.GetByRole(AriaRole.Link, new() { Name = "作战室", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("作战室");
        await Accessibility.AssertNoAxeViolationsAsync(page);
        Assert.Empty(c.Errors);
    }
}
