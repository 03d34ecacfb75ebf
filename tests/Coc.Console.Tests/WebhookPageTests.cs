using System.Text.RegularExpressions;
using Coc.Testing.Support.Monitoring;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

/// <summary>The webhooks page (administrators): subscriptions with their secret shown once, enable and disable,
/// secret rotation, the delivery log of real deliveries to a loopback receiver, redelivery, delete; in both
/// languages, under the strict CSP, with no axe-core violation.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class WebhookPageTests(ConsoleFixture fx)
{
    private static readonly Regex Secret = new("^whsec_[A-Za-z0-9+/]{43}=$");

    [Fact]
    public async Task The_webhooks_page_subscribes_shows_the_secret_once_logs_deliveries_redelivers_and_deletes()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        receiver.ResponseBody = "thanks from the receiver";
        var target = receiver.UrlOf("/hook/" + Guid.NewGuid().ToString("N")[..8]).ToString();
        await using var c = await fx.OpenAsync("/console/");
        var page = c.Page;
        await page.AddInitScriptAsync(
            "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));");
        await page.GotoAsync("/console/?poll=500#/webhooks");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Webhooks");
        await Expect(page.Locator("#mainnav a[data-route=webhooks]")).ToHaveAttributeAsync("aria-current", "page");

        await page.Locator("#wh-create").ClickAsync(); // no URL: refused in the page, naming the field
        await Expect(page.Locator("#wh-error")).ToContainTextAsync("Receiver URL is required");
        await page.GetByLabel("Receiver URL").FillAsync(target);
        await page.GetByLabel("Description").FillAsync("chat bridge");
        await page.Locator("#wh-create").ClickAsync();
        var secret = page.Locator("#wh-secret-value");
        await Expect(secret).ToHaveTextAsync(Secret);
        var firstSecret = (await secret.TextContentAsync())!;
        var row = page.Locator("table.webhooks tbody tr").Filter(new() { HasText = target });
        await Expect(row).ToContainTextAsync("Enabled");
        await Expect(row).ToContainTextAsync("chat bridge");
        await Expect(row).ToContainTextAsync("*");
        await Accessibility.AssertEveryControlIsLabelledAsync(page);
        await Accessibility.AssertNoAxeViolationsAsync(page);

        await page.ReloadAsync(); // shown once
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.Locator("#wh-secret-value")).ToHaveCountAsync(0);
        Assert.DoesNotContain(firstSecret, await page.ContentAsync(), StringComparison.Ordinal);

        // A real delivery, then its log: status, HTTP status, duration, the receiver's answer.
        var number = await fx.Api.CreateAsync("webhook page " + Guid.NewGuid().ToString("N")[..8]);
        await receiver.WaitForAsync(match: r => r.BodyText.Contains(number, StringComparison.Ordinal), timeout: TimeSpan.FromSeconds(10));
        await row.GetByRole(AriaRole.Button, new() { Name = "Deliveries" }).ClickAsync();
        var log = page.Locator("table.deliveries tbody tr[data-attempt]");
        var delivered = log.Filter(new() { HasText = "incident.created" }).First;
        await Expect(delivered).ToBeVisibleAsync();
        await Expect(delivered.Locator("[data-delivery-status]")).ToHaveTextAsync("Delivered");
        await Expect(delivered).ToContainTextAsync("200");
        await Expect(delivered).ToContainTextAsync("thanks from the receiver");
        await Expect(delivered).ToContainTextAsync(new Regex(@"\d+ ms"));
        await Accessibility.AssertNoAxeViolationsAsync(page);

        // Redeliver that one event: the receiver gets it again with the same webhook-id.
        var eventId = (await delivered.GetAttributeAsync("data-event"))!;
        var before = receiver.Received.Count;
        await delivered.GetByRole(AriaRole.Button, new() { Name = "Redeliver" }).ClickAsync();
        await Expect(page.Locator("#flash")).ToContainTextAsync("1 events queued again");
        var again = await receiver.WaitForAsync(from: before, timeout: TimeSpan.FromSeconds(10));
        Assert.Equal(eventId, again.Headers.Single(h => h.Key.Equals("webhook-id", StringComparison.OrdinalIgnoreCase)).Value);

        // A time range around the ticket's creation.
        var now = DateTime.Now;
        await page.Locator("#wh-since").FillAsync(now.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#wh-until").FillAsync(now.AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await Task.Delay(1200); // two polls of the log: what is typed in the range stays
        await page.Locator("#wh-redeliver-range").ClickAsync();
        await Expect(page.Locator("#flash")).ToContainTextAsync(new Regex(@"[1-9]\d* events queued again"));

        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Disabled");
        await row.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Enabled");

        await row.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        await Expect(page.Locator("#op-dialog")).ToBeVisibleAsync();
        await c.SubmitOperationAsync();
        await Expect(secret).ToHaveTextAsync(Secret);
        Assert.NotEqual(firstSecret, await secret.TextContentAsync());

        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath("webhooks.png"), FullPage = true });
        await page.GetByLabel("Language").SelectOptionAsync("zh");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Webhook");
        await Expect(row).ToContainTextAsync("已启用");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "轮换密钥" })).ToBeVisibleAsync();
        await Expect(page.Locator("table.deliveries thead")).ToContainTextAsync("尝试时间");
        await Expect(page.Locator("[data-delivery-status=delivered]").First).ToHaveTextAsync("已送达");
        await Accessibility.AssertNoAxeViolationsAsync(page);
        await page.Locator("#lang").SelectOptionAsync("en");

        await row.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await c.SubmitOperationAsync();
        await Expect(row).ToHaveCountAsync(0);
        await Expect(page.Locator("table.deliveries")).ToHaveCountAsync(0);

        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__violations"));
        Assert.Empty(c.Errors);
    }
}
