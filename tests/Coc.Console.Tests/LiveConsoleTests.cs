using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

/// <summary>The list and the ticket page follow changes made through the API without a reload: from the live events
/// stream (with polling an hour apart, so only the stream can explain it), and by polling when the stream fails.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LiveConsoleTests(ConsoleFixture fx)
{
    /// <summary>Changes must show within 1 s; the test allows 3 s on a busy machine.</summary>
    private static readonly LocatorAssertionsToHaveAttributeOptions Soon = new() { Timeout = 3000 };

    private static string Tag() => "live" + Guid.NewGuid().ToString("N")[..8];

    private static async Task StreamOpenAsync(IPage page) =>
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-live", "stream");

    [Fact]
    public async Task The_list_changes_a_row_in_place_keeping_focus_and_announces_a_new_ticket_instead_of_inserting_it()
    {
        var tag = Tag();
        var first = await fx.Api.CreateAsync($"{tag} first");
        await using var c = await fx.OpenAsync($"/console/?poll=600000#/?q={tag}");
        var page = c.Page;
        var rows = page.Locator("table.tickets tbody tr[data-ticket]");
        await Expect(rows).ToHaveCountAsync(1);
        await StreamOpenAsync(page);
        await Expect(page.Locator("#live-note")).ToContainTextAsync("live event stream");
        var link = page.Locator($"tr[data-ticket='{first}'] a");
        await link.FocusAsync();

        await fx.Api.AcceptAsync(first);
        await Expect(page.Locator($"tr[data-ticket='{first}'] [data-status]")).ToHaveAttributeAsync("data-status", "INCIDENT_STATUS_ACKNOWLEDGED", Soon);
        Assert.Equal(first, await page.EvaluateAsync<string>("() => document.activeElement?.textContent"));

        var second = await fx.Api.CreateAsync($"{tag} second");
        await Expect(page.Locator("#show-new")).ToContainTextAsync("1 new", new() { Timeout = 3000 });
        await Expect(rows).ToHaveCountAsync(1); // announced, not inserted under the pointer
        await Expect(page.Locator("#list-summary")).ToContainTextAsync("2 tickets");
        Assert.Equal(first, await page.EvaluateAsync<string>("() => document.activeElement?.textContent"));
        await page.Locator("#show-new").ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToHaveAttributeAsync("data-ticket", second);
        await Expect(page.Locator("#show-new")).ToHaveCountAsync(0);

        await page.GetByLabel("Language").SelectOptionAsync("zh");
        await Expect(page.Locator("#live-note")).ToContainTextAsync("实时事件流");
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task The_ticket_page_follows_a_change_from_the_stream()
    {
        var number = await fx.Api.CreateAsync(Tag());
        await using var c = await fx.OpenAsync($"/console/?poll=600000#/ticket/{number}");
        await c.ExpectStatusAsync("INCIDENT_STATUS_TRIGGERED");
        await StreamOpenAsync(c.Page);

        await fx.Api.AcceptAsync(number);
        await Expect(c.StatusBadge).ToHaveAttributeAsync("data-status", "INCIDENT_STATUS_ACKNOWLEDGED", Soon);
        await fx.Api.ResolveAsync(number);
        await Expect(c.StatusBadge).ToHaveAttributeAsync("data-status", "INCIDENT_STATUS_RESOLVED", Soon);
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task When_the_stream_fails_polling_takes_over_on_the_list_and_the_ticket_page()
    {
        var tag = Tag();
        var number = await fx.Api.CreateAsync(tag);
        await using var c = await fx.OpenAsync("/console/");
        var page = c.Page;
        var streamRequests = 0;
        await page.Context.RouteAsync("**/v1/events/stream", async route =>
        {
            Interlocked.Increment(ref streamRequests);
            await route.AbortAsync();
        });
        await page.GotoAsync($"/console/?poll=500#/?q={tag}");
        await Expect(page.Locator($"tr[data-ticket='{number}']")).ToBeVisibleAsync();

        await fx.Api.AcceptAsync(number);
        await Expect(page.Locator($"tr[data-ticket='{number}'] [data-status]")).ToHaveAttributeAsync("data-status", "INCIDENT_STATUS_ACKNOWLEDGED", Soon);
        await page.Locator($"tr[data-ticket='{number}'] a").ClickAsync();
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED");
        await fx.Api.ResolveAsync(number);
        await Expect(c.StatusBadge).ToHaveAttributeAsync("data-status", "INCIDENT_STATUS_RESOLVED", Soon);

        Assert.True(streamRequests > 0, "the console never tried the stream");
        Assert.NotEqual("stream", await page.Locator("body").GetAttributeAsync("data-live"));
        await Expect(page.Locator("#live-note")).ToContainTextAsync("polling the API");
    }
}
