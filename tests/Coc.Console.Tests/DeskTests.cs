using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

/// <summary>The on-call desk (issue #17 items 1, 7, 8, 9): the triage list, the phone layout, the dashboard, keyboard
/// shortcuts and dark mode, at 1440×900 and 390×844, with axe-core at 0 violations.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DeskTests(ConsoleFixture fx)
{
    private const string Triggered = "INCIDENT_STATUS_TRIGGERED";
    private const string Acknowledged = "INCIDENT_STATUS_ACKNOWLEDGED";

    private static string Tag() => "desk" + Guid.NewGuid().ToString("N")[..8];

    private async Task<ConsolePage> OpenAsync(string path, int width, int height)
    {
        var c = await fx.OpenAsync(path);
        await c.Page.SetViewportSizeAsync(width, height);
        return c;
    }

    /// <summary>The page's width, and the elements that reach past the screen's right edge (to say what widened it).</summary>
    private static async Task AssertNoSidewaysScrollAsync(IPage page, int width, string where)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var wide = await page.EvaluateAsync<string[]>(
            "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 0.5).slice(-6)" +
            ".map(e => `${e.tagName.toLowerCase()}.${e.className} → ${Math.round(e.getBoundingClientRect().right)}`)", width);
        Assert.True(scrollWidth <= width, $"{where} is {scrollWidth} px wide on a {width} px screen: {string.Join("; ", wide)}");
    }

    /// <summary>The default view at 1440×900, with at least one open ticket on it.</summary>
    private async Task<ConsolePage> OpenDefaultListAsync(string title)
    {
        await fx.Api.CreateAsync($"{Tag()} {title}");
        var c = await OpenAsync("/console/", 1440, 900);
        await Expect(Rows(c.Page).First).ToBeVisibleAsync();
        return c;
    }

    private static ILocator Rows(IPage page) => page.Locator("table.tickets tbody tr[data-ticket]");

    private static async Task<List<string>> NumbersAsync(ILocator rows) =>
        [.. await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.ticket)")];

    /// <summary>Created oldest first: a P3 (unaccepted), a P2 (accepted), a P1 (unaccepted, Carol's), a P2 (unaccepted).</summary>
    private async Task<string[]> DeskAsync(string tag)
    {
        var numbers = new List<string>
        {
            await fx.Api.CreateAsync($"{tag} p3 waiting", level: "level_30"),
            await fx.Api.CreateAsync($"{tag} p2 accepted", level: "level_20"),
            await fx.Api.CreateAsync($"{tag} p1 waiting", level: "level_10", assignee: "ops-carol"),
        };
        await Task.Delay(5);
        numbers.Add(await fx.Api.CreateAsync($"{tag} p2 waiting", level: "level_20"));
        await fx.Api.AcceptAsync(numbers[1]);
        return [.. numbers];
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task The_default_view_is_the_triage_order_of_the_open_tickets(int width, int height)
    {
        var tag = Tag();
        var n = await DeskAsync(tag);

        await using var c = await OpenAsync("/console/", width, height);
        var page = c.Page;
        var rows = Rows(page);
        await Expect(rows.First).ToBeVisibleAsync();
        await Expect(page.Locator("#f-sort")).ToHaveValueAsync("triage");
        var selected = await page.Locator("#f-status").EvaluateAsync<string[]>("s => [...s.selectedOptions].map(o => o.value)");
        Assert.Equal(["INCIDENT_STATUS_TRIGGERED", "INCIDENT_STATUS_ACKNOWLEDGED", "INCIDENT_STATUS_REJECTED", "INCIDENT_STATUS_RESOLVED"], selected);
        // Whatever else the server holds, the page is in triage order: level, then unaccepted first, then oldest first.
        var keys = await rows.EvaluateAllAsync<string[]>(
            "rows => rows.map(r => [r.dataset.level, r.dataset.status === 'INCIDENT_STATUS_TRIGGERED' ? 0 : 1, String(r.dataset.created).padStart(15, '0')].join('|'))");
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.DoesNotContain("INCIDENT_STATUS_COMPLETED", await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.status)"));

        // The desk's own tickets, searched: P1 waiting, P2 waiting (newer, but unaccepted) before P2 accepted, then P3.
        await page.Locator("#f-q").FillAsync(tag);
        await page.Locator("#f-q").PressAsync("Enter");
        await Expect(rows).ToHaveCountAsync(4);
        Assert.Equal([n[2], n[3], n[1], n[0]], await NumbersAsync(rows));
        Assert.Contains("sort=triage", page.Url, StringComparison.Ordinal);
        await Expect(rows.Nth(0).Locator("td[data-label='Age']")).ToContainTextAsync("s");
        await Expect(rows.Nth(2)).ToContainTextAsync("accepted after");
        await Expect(rows.Nth(0).GetByRole(AriaRole.Button, new() { Name = $"Accept {n[2]}" })).ToBeVisibleAsync();
        await Expect(rows.Nth(2).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Axe.AssertNoViolationsAsync(page, $"the triage list at {width}×{height}");
        if (width < 600)
        {
            // Cards: no header row to see, each cell labelled, nothing wider than the screen.
            await Expect(page.Locator("table.tickets thead")).Not.ToBeInViewportAsync();
            Assert.Equal("block", await rows.First.EvaluateAsync<string>("r => getComputedStyle(r).display"));
            await AssertNoSidewaysScrollAsync(page, width, "the triage list");
        }
        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath($"desk-triage-{width}.png"), FullPage = true });
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task Columns_sort_filters_take_several_values_search_finds_numbers_and_people_and_the_view_is_in_the_URL()
    {
        var tag = Tag();
        var n = await DeskAsync(tag);

        await using var c = await OpenAsync($"/console/#/?q={tag}", 1440, 900);
        var page = c.Page;
        var rows = Rows(page);
        await Expect(rows).ToHaveCountAsync(4);
        Assert.Equal([n[3], n[2], n[1], n[0]], await NumbersAsync(rows)); // a URL with parameters is taken as it is: newest first

        var levelHeader = page.Locator("th:has(button[data-sort=level])");
        await levelHeader.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(levelHeader).ToHaveAttributeAsync("aria-sort", "ascending");
        await Expect(rows.First).ToHaveAttributeAsync("data-ticket", n[2]);
        Assert.Contains("sort=level", page.Url, StringComparison.Ordinal);
        await page.Locator("th:has(button[data-sort=level])").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("th:has(button[data-sort=level])")).ToHaveAttributeAsync("aria-sort", "descending");
        await Expect(rows.First).ToHaveAttributeAsync("data-ticket", n[0]);

        await page.Locator("#f-level").SelectOptionAsync(["level_10", "level_30"]);
        await Expect(rows).ToHaveCountAsync(2);
        Assert.Equal([n[0], n[2]], await NumbersAsync(rows));
        await page.Locator("#f-status").SelectOptionAsync([Acknowledged]);
        await Expect(rows).ToHaveCountAsync(0);
        await page.Locator("#f-level").SelectOptionAsync(["level_20"]);
        await page.Locator("#f-status").SelectOptionAsync([Triggered, Acknowledged]);
        await Expect(rows).ToHaveCountAsync(2);
        var bookmark = page.Url;
        Assert.Contains("level=level_20", bookmark, StringComparison.Ordinal);
        Assert.Contains($"status={Triggered}%2C{Acknowledged}", bookmark, StringComparison.Ordinal);

        // The bookmark opens the same view.
        await using (var again = await OpenAsync(bookmark[bookmark.IndexOf("/console/", StringComparison.Ordinal)..], 1440, 900))
        {
            await Expect(Rows(again.Page)).ToHaveCountAsync(2);
            Assert.Equal(await NumbersAsync(rows), await NumbersAsync(Rows(again.Page)));
            await Expect(again.Page.Locator("#f-q")).ToHaveValueAsync(tag);
            await Expect(again.Page.Locator("th:has(button[data-sort=level])")).ToHaveAttributeAsync("aria-sort", "descending");
        }

        // Search: an exact ticket number; a person by display name.
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset" }).ClickAsync();
        await page.Locator("#f-q").FillAsync(n[1]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-ticket", n[1]);
        await page.Locator("#f-q").FillAsync("Carol");
        await page.Locator("#f-assignee").FillAsync("carol");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        // Waits for the new search's rows: the previous search's row also carries the tag.
        await Expect(rows.Filter(new() { HasText = tag })).ToHaveAttributeAsync("data-ticket", n[2]);

        // Assigned to me: the acting person's open tickets.
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset" }).ClickAsync();
        await page.Locator("#operator").SelectOptionAsync("ops-carol");
        await page.Locator("#f-q").FillAsync(tag);
        await page.Locator("#f-mine").CheckAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-ticket", n[2]);
        Assert.Contains("mine=1", page.Url, StringComparison.Ordinal);
        await Axe.AssertNoViolationsAsync(page, "the filtered list");
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task One_key_accepts_the_focused_ticket_and_focus_stays_on_its_row_across_refreshes()
    {
        var tag = Tag();
        var n = await DeskAsync(tag);
        var paused = await fx.Api.CreateAsync($"{tag} pause asked", level: "level_40");
        await fx.Api.AcceptAsync(paused);
        var (status, message) = await fx.Api.HandleAsync(paused, "incidentPause", "ops-alice", new JsonObject
        {
            ["pause_reason"] = "vendor", ["pause_end_time"] = DateTimeOffset.UtcNow.AddHours(3).ToUnixTimeMilliseconds(),
        });
        Assert.True(status == 200, message);

        await using var c = await OpenAsync($"/console/?poll=300#/?q={tag}&sort=triage", 1440, 900);
        var page = c.Page;
        var rows = Rows(page);
        await Expect(rows).ToHaveCountAsync(5);
        await Expect(page.Locator($"tr[data-ticket='{paused}'] [data-badge=pending]")).ToHaveTextAsync("Pause requested");
        await page.Locator("#operator").SelectOptionAsync("ops-alice");

        // j moves to the first ticket (the P1, Carol's), j again to the P2 waiting; a accepts it as the acting person (Alice).
        await page.Locator("h1").ClickAsync();
        await page.Keyboard.PressAsync("j");
        await Expect(rows.Nth(0).Locator("a[data-focus=link]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("j");
        await Expect(rows.Nth(1).Locator("a[data-focus=link]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("k");
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("a");
        await Expect(page.Locator("#flash")).ToContainTextAsync($"{n[3]} accepted");
        await Expect(page.Locator($"tr[data-ticket='{n[3]}']")).ToHaveAttributeAsync("data-status", Acknowledged);
        Assert.Equal(Acknowledged, (await fx.Api.DetailsAsync(n[3]))["status"]!.GetValue<string>());

        // A change underneath re-renders the rows; focus stays on the same ticket (never falls back to <body>).
        await Expect(page.Locator($"tr[data-ticket='{n[3]}'] a[data-focus=link]")).ToBeFocusedAsync();
        await fx.Api.AcceptAsync(n[0]);
        await Expect(page.Locator($"tr[data-ticket='{n[0]}']")).ToHaveAttributeAsync("data-status", Acknowledged);
        await Expect(page.Locator($"tr[data-ticket='{n[3]}'] a[data-focus=link]")).ToBeFocusedAsync();

        // The accept button does the same for a ticket the acting person holds.
        await page.Locator("#operator").SelectOptionAsync("ops-carol");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Accept {n[2]}" }).ClickAsync();
        await Expect(page.Locator($"tr[data-ticket='{n[2]}']")).ToHaveAttributeAsync("data-status", Acknowledged);
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task Keyboard_shortcuts_search_and_show_their_help_in_both_languages()
    {
        await using var c = await OpenDefaultListAsync("shortcuts");
        var page = c.Page;

        await page.Locator("h1").ClickAsync();
        await page.Keyboard.PressAsync("/");
        await Expect(page.Locator("#f-q")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("j?");
        await Expect(page.Locator("#f-q")).ToHaveValueAsync("j?"); // typing in a field is never a shortcut
        await page.Locator("h1").ClickAsync();
        await page.Keyboard.PressAsync("?");
        var help = page.Locator("#keys-help");
        await Expect(help).ToBeVisibleAsync();
        await Expect(help).ToContainTextAsync("Accept the selected ticket");
        await Axe.AssertNoViolationsAsync(page, "the shortcuts help");
        await page.Keyboard.PressAsync("Escape");
        await Expect(help).ToBeHiddenAsync();

        await page.GetByLabel("Language").SelectOptionAsync("zh");
        await page.Locator("h1").ClickAsync();
        await page.Keyboard.PressAsync("?");
        await Expect(help).ToContainTextAsync("键盘快捷键");
        await Expect(help).ToContainTextAsync("受理选中的事件单");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#f-sort")).ToContainTextAsync("分诊");
        await Axe.AssertNoViolationsAsync(page, "the triage list in zh");
        Assert.Empty(c.Errors);
    }

    [Theory]
    [InlineData(1440, 900, "en")]
    [InlineData(390, 844, "zh")]
    public async Task The_dashboard_draws_counts_and_mean_times_from_the_statistics(int width, int height, string language)
    {
        var tag = Tag();
        var done = await fx.Api.CreateAsync($"{tag} resolved", level: "level_20");
        await fx.Api.AcceptAsync(done);
        await fx.Api.ResolveAsync(done);

        await using var c = await OpenAsync("/console/#/dashboard", width, height);
        var page = c.Page;
        if (language == "zh") await page.GetByLabel("Language").SelectOptionAsync("zh");
        var statusCard = page.Locator("#dash-status");
        await Expect(statusCard.Locator("svg rect")).ToHaveCountAsync(6); // one bar per catalog status, draft included
        await Expect(page.Locator("#mainnav a[data-route=dashboard]")).ToHaveAttributeAsync("aria-current", "page");

        // The tables carry the API's numbers (the SVG draws the same).
        using var response = await fx.Api.Http.GetAsync("/v1/incident-tickets/statistics");
        var stats = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!;
        var resolved = stats["counts"]!.AsArray().Where(x => x!["status"]!.GetValue<string>() == "INCIDENT_STATUS_RESOLVED").Sum(x => x!["count"]!.GetValue<long>());
        var resolvedName = language == "zh" ? "待验证" : "RESOLVED";
        await Expect(statusCard.Locator("table tr", new() { HasText = resolvedName }).Locator("td")).ToHaveTextAsync(resolved.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture));
        var p2Week = stats["windows"]![0]!["levels"]!.AsArray().Single(l => l!["level"]!.GetValue<string>() == "level_20")!;
        var times = page.Locator("table.data").Last;
        await Expect(times.Locator("tr", new() { HasText = "P2" }).Locator("td").First).ToHaveTextAsync(p2Week["created"]!.ToString());
        await Expect(page.Locator("#dash-times-h")).ToHaveTextAsync(language == "zh" ? "按级别的平均受理时长 (MTTA) 和平均解决时长 (MTTR)" : "Mean time to accept (MTTA) and to resolve (MTTR), by level");

        await page.Locator("input[name=dash-days][value='30']").CheckAsync();
        var p2Month = stats["windows"]![1]!["levels"]!.AsArray().Single(l => l!["level"]!.GetValue<string>() == "level_20")!;
        await Expect(times.Locator("tr", new() { HasText = "P2" }).Locator("td").First).ToHaveTextAsync(p2Month["created"]!.ToString());
        await AssertNoSidewaysScrollAsync(page, width, "the dashboard");
        await Axe.AssertNoViolationsAsync(page, $"the dashboard at {width}×{height} in {language}");
        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath($"desk-dashboard-{width}-{language}.png"), FullPage = true });
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task No_page_scrolls_sideways_on_a_390_px_phone()
    {
        var tag = Tag();
        var number = await fx.Api.CreateAsync($"{tag} a long title that has to wrap on a narrow phone screen without widening the page at all", level: "level_20");
        await fx.Api.AcceptAsync(number);
        var itg = await fx.Api.CreateIntegrationAsync(tag);
        await fx.Api.DeliverAsync(itg.IngestPath, "firing-single");
        var alarm = (await fx.Api.AlarmAsync(itg.Id, "HighCPU"))["id"]!.GetValue<string>();

        await using var c = await OpenAsync("/console/", 390, 844);
        var page = c.Page;
        foreach (var (route, ready) in new[]
                 {
                     ("#/", "table.tickets tbody tr"), ($"#/ticket/{number}", ".ticket-head"), ("#/new", "form.create"),
                     ($"#/alarm/{alarm}", ".alarm-head"), ("#/alarms", "table.tickets"), ("#/dashboard", "#dash-status svg"),
                 })
        {
            await page.EvaluateAsync("h => { location.hash = h; }", route);
            await Expect(page.Locator(ready).First).ToBeVisibleAsync();
            await page.WaitForTimeoutAsync(200);
            await AssertNoSidewaysScrollAsync(page, 390, route);
            await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath($"desk-phone-{route.Trim('#', '/').Split('/')[0] switch { "" => "list", var s => s }}.png"), FullPage = true });
        }
        await Axe.AssertNoViolationsAsync(page, "the dashboard on a phone");
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task Dark_mode_follows_the_system_setting()
    {
        await using var c = await OpenDefaultListAsync("dark");
        var page = c.Page;
        var light = await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).backgroundColor");

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });

        Assert.Equal("rgb(244, 246, 248)", light);
        Assert.Equal("rgb(13, 17, 23)", await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).backgroundColor"));
        await Axe.AssertNoViolationsAsync(page, "the triage list in dark mode");
        await page.EvaluateAsync("() => { location.hash = '#/dashboard'; }");
        await Expect(page.Locator("#dash-status svg")).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(page, "the dashboard in dark mode");
        Assert.Empty(c.Errors);
    }
}
