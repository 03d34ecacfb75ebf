using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

/// <summary>The console works under its strict Content-Security-Policy (no inline script or style): Chromium enforces it.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class StrictCspTests(ConsoleFixture fx)
{
    [Fact]
    public async Task The_console_renders_and_works_with_no_csp_violation()
    {
        var number = await fx.Api.CreateAsync("csp " + Guid.NewGuid().ToString("N")[..8]);
        await using var c = await fx.OpenAsync("/console/");
        var page = c.Page;
        await page.AddInitScriptAsync(
            "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));");
        var document = await page.ReloadAsync();

        var csp = await document!.HeaderValueAsync("content-security-policy");
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Incident tickets" })).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-ticket='{number}']")).ToBeVisibleAsync();

        await page.Locator($"tr[data-ticket='{number}'] a").ClickAsync();
        await c.ExpectStatusAsync("INCIDENT_STATUS_TRIGGERED");
        await c.OpenOperationAsync("acceptedIncident1");
        await c.SubmitOperationAsync();
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED");

        var violations = await page.EvaluateAsync<string[]>("() => window.__violations");
        Assert.Empty(violations);
        Assert.Empty(c.Errors);
    }
}
