using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

/// <summary>The on-call desk's push (issue #17 item 2): new and escalated tickets counted in the tab title, a tone and a
/// desktop notification, all from the live stream (polling is an hour apart, so only the stream can explain them).</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class DeskPushTests(ConsoleFixture fx)
{
    /// <summary>Announced within 1 s; the test allows 3 s on a busy machine.</summary>
    private const float Soon = 3000;

    /// <summary>Stands in for the browser's Notification API as a first visit sees it (permission "default" until asked),
    /// asking the real one when the page asks, and records what the page asks and shows.</summary>
    private const string NotificationSpy = """
        (() => {
          const Real = window.Notification;
          const calls = { asked: 0, shown: [] };
          let permission = 'default';
          class Spy {
            constructor(title, options) { calls.shown.push({ title, body: options?.body ?? null, tag: options?.tag ?? null }); }
            static get permission() { return permission; }
            static async requestPermission() { calls.asked++; permission = await Real.requestPermission(); return permission; }
            close() {}
          }
          window.Notification = Spy;
          window.__notifications = calls;
        })();
        """;

    /// <summary>Counts the tones the page starts.</summary>
    private const string ToneSpy = """
        (() => {
          window.__tones = 0;
          const start = OscillatorNode.prototype.start;
          OscillatorNode.prototype.start = function (...args) { window.__tones++; return start.apply(this, args); };
        })();
        """;

    private static string Tag() => "push" + Guid.NewGuid().ToString("N")[..8];

    private static async Task StreamOpenAsync(IPage page) =>
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-live", "stream");

    private async Task HandleOkAsync(string number, string operateKey, string operatorId, JsonObject? parameter = null)
    {
        var (status, message) = await fx.Api.HandleAsync(number, operateKey, operatorId, parameter);
        Assert.True(status == 200, $"{operateKey} answered {status}: {message}");
    }

    private Task ChangeLevelAsync(string number, string level) => HandleOkAsync(number, "incidentChangeLevel1", "ops-alice",
        new JsonObject { ["virtual_target_level"] = level, ["virtual_change_level_comment"] = "level change" });

    private async Task<string> AcceptedAsync(string title, string level)
    {
        var number = await fx.Api.CreateAsync(title, level: level);
        await fx.Api.AcceptAsync(number);
        return number;
    }

    [Fact]
    public async Task New_and_escalated_tickets_count_in_the_tab_title_and_the_count_clears_when_the_list_is_shown()
    {
        var tag = Tag();
        var toRaise = await AcceptedAsync($"{tag} to raise", "level_40");
        var toLower = await AcceptedAsync($"{tag} to lower", "level_30");
        await using var c = await fx.OpenAsync("/console/?poll=600000#/dashboard");
        var page = c.Page;
        await StreamOpenAsync(page);
        await Expect(page).ToHaveTitleAsync("Dashboard · COC Incident Console");

        // A de-escalation is a request, and its approval lowers the level: neither is an escalation.
        await ChangeLevelAsync(toLower, "level_40");
        await HandleOkAsync(toLower, "agreed", "ops-bob");
        await ChangeLevelAsync(toRaise, "level_30");
        await Expect(page).ToHaveTitleAsync("(1) Dashboard · COC Incident Console", new() { Timeout = Soon });
        await fx.Api.CreateAsync($"{tag} new");
        await Expect(page).ToHaveTitleAsync("(2) Dashboard · COC Incident Console", new() { Timeout = Soon });

        await page.EvaluateAsync("tag => { location.hash = '#/?q=' + tag; }", tag);
        await Expect(page).ToHaveTitleAsync("Incident tickets · COC Incident Console");
        // Looking at the list: a new ticket is on it (announced there), not counted.
        await fx.Api.CreateAsync($"{tag} seen");
        await Expect(page.Locator("#show-new")).ToBeVisibleAsync(new() { Timeout = Soon });
        await page.Locator("#mainnav a[data-route=dashboard]").ClickAsync();
        await Expect(page).ToHaveTitleAsync("Dashboard · COC Incident Console");
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task Notification_permission_is_asked_only_after_the_click_and_a_new_ticket_then_shows_one()
    {
        await using var c = await fx.OpenAsync("/console/?poll=600000#/dashboard", prepare: async ctx =>
        {
            await ctx.GrantPermissionsAsync(["notifications"]);
            await ctx.AddInitScriptAsync(NotificationSpy);
        });
        var page = c.Page;
        await StreamOpenAsync(page);
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Enable desktop notifications" });
        await Expect(toggle).ToBeVisibleAsync();
        var tag = Tag();
        await fx.Api.CreateAsync($"{tag} before");
        await Expect(page).ToHaveTitleAsync(new Regex(@"^\(1\) "), new() { Timeout = Soon });
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__notifications.asked"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__notifications.shown.length"));

        await toggle.ClickAsync();
        await Expect(page.Locator("#notify-state")).ToHaveTextAsync("Desktop notifications are on.");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__notifications.asked"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Turn off desktop notifications" })).ToBeFocusedAsync();

        var number = await fx.Api.CreateAsync($"{tag} paged", level: "level_20");
        await page.WaitForFunctionAsync("() => window.__notifications.shown.length === 1", null, new() { Timeout = Soon });
        var shown = await page.EvaluateAsync<string[]>("() => { const n = window.__notifications.shown[0]; return [n.title, n.body, n.tag]; }");
        Assert.Equal([$"New P2 ticket {number}", $"{tag} paged", number], shown);
        Assert.Equal("on", await page.EvaluateAsync<string>("() => localStorage.getItem('coc.notify')"));

        // Turned off: nothing more is shown, and nothing is asked again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off desktop notifications" }).ClickAsync();
        await fx.Api.CreateAsync($"{tag} quiet");
        await Expect(page).ToHaveTitleAsync(new Regex(@"^\(3\) "), new() { Timeout = Soon });
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__notifications.shown.length"));
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__notifications.asked"));
        Assert.Empty(c.Errors);
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task The_sound_is_off_by_default_its_toggle_persists_and_new_and_escalated_tickets_play_a_tone(int width, int height)
    {
        await using var c = await fx.OpenAsync("/console/?poll=600000#/dashboard", prepare: ctx => ctx.AddInitScriptAsync(ToneSpy));
        var page = c.Page;
        await page.SetViewportSizeAsync(width, height);
        var sound = page.GetByLabel("Sound for new and escalated tickets");
        await Expect(sound).Not.ToBeCheckedAsync();
        await StreamOpenAsync(page);
        var tag = Tag();
        await fx.Api.CreateAsync($"{tag} silent");
        await Expect(page).ToHaveTitleAsync(new Regex(@"^\(1\) "), new() { Timeout = Soon });
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__tones"));

        await sound.CheckAsync();
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__tones")); // a sample, in the click
        Assert.Equal("on", await page.EvaluateAsync<string>("() => localStorage.getItem('coc.alert-sound')"));
        await Axe.AssertNoViolationsAsync(page, $"the desk alerts at {width}×{height}");
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"the page is {scrollWidth} px wide on a {width} px screen");

        await page.ReloadAsync();
        await Expect(page.GetByLabel("Sound for new and escalated tickets")).ToBeCheckedAsync();
        await StreamOpenAsync(page);
        var number = await AcceptedAsync($"{tag} loud", "level_40");
        await page.WaitForFunctionAsync("() => window.__tones === 1", null, new() { Timeout = Soon }); // one beep: new
        await ChangeLevelAsync(number, "level_30");
        await page.WaitForFunctionAsync("() => window.__tones === 3", null, new() { Timeout = Soon }); // two more: escalated

        await page.GetByLabel("Sound for new and escalated tickets").UncheckAsync();
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Sound for new and escalated tickets")).Not.ToBeCheckedAsync();
        Assert.Empty(c.Errors);
    }
}
