using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

/// <summary>The forms' rules (#17): a counter on every length-limited field; text of only whitespace is refused.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class FormRulesTests(ConsoleFixture fx)
{
    [Fact]
    public async Task Limited_fields_count_their_characters_and_a_cause_of_only_spaces_is_refused_in_the_form()
    {
        var number = await fx.Api.CreateAsync("Blank causes are not causes");
        await fx.Api.AcceptAsync(number);
        await using var c = await fx.OpenAsync($"/console/#/ticket/{number}");
        var page = c.Page;
        await page.GetByLabel("Acting as").SelectOptionAsync("ops-alice");
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED");

        await c.OpenOperationAsync("commitSolution1");
        var dialog = page.Locator("#op-dialog");
        await Expect(dialog.Locator("#op-commitSolution1-cause-count")).ToHaveTextAsync("0 / 10000");
        await dialog.GetByLabel("Cause").FillAsync("    ");
        await Expect(dialog.Locator("#op-commitSolution1-cause-count")).ToHaveTextAsync("4 / 10000");
        await dialog.GetByLabel("Solution").FillAsync("Restarted the pool");
        await Expect(dialog.Locator("#op-commitSolution1-solution-count")).ToHaveTextAsync("18 / 10000");
        await Expect(dialog.GetByLabel("Cause")).ToHaveAttributeAsync("aria-describedby", new System.Text.RegularExpressions.Regex("op-commitSolution1-cause-count"));
        await Accessibility.AssertNoAxeViolationsAsync(page);

        await page.Locator("#op-submit").ClickAsync();
        await Expect(dialog.Locator("[data-field=cause] .field-error")).ToHaveTextAsync("Cause must not be blank");
        await Expect(dialog).ToBeVisibleAsync();
        Assert.Equal("INCIDENT_STATUS_ACKNOWLEDGED", (await fx.Api.DetailsAsync(number))["status"]!.GetValue<string>());

        await dialog.GetByLabel("Cause").FillAsync("Pool exhausted");
        await c.SubmitOperationAsync();
        await c.ExpectStatusAsync("INCIDENT_STATUS_RESOLVED");

        // Cause and solution are shown as fields, and the verification once it is given (#17 item 4).
        var resolution = page.Locator("#resolution");
        await Expect(resolution.Locator("#res-cause")).ToHaveTextAsync("Pool exhausted");
        await Expect(resolution.Locator("#res-solution")).ToHaveTextAsync("Restarted the pool");
        await Expect(resolution.Locator("#res-verification")).ToHaveTextAsync("—");
        var (status, message) = await fx.Api.HandleAsync(number, "confirm", "ops-bob",
            new System.Text.Json.Nodes.JsonObject { ["virtual_confirm_result"] = true, ["virtual_confirm_comment"] = "Payments flow again" });
        Assert.True(status == 200, $"confirm answered {status}: {message}");
        await Expect(resolution.Locator("#res-verification")).ToHaveTextAsync("Resolved: Payments flow again");
        Assert.Empty(c.Errors);
    }
}
