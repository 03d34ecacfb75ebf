using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

/// <summary>
/// Secure mode's console session (docs/decisions.md, "Console sessions"): an HttpOnly cookie that survives a reload and
/// a new tab, a warning before it expires with "stay signed in", and the half-typed form kept across a sign-in.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class SessionTests(ConsoleFixture fx)
{
    private static async Task<(string User, string Password)> AdminAsync(ConsoleServer server)
    {
        var credentials = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(server.Directory, "admin-credentials.json")))!;
        return (credentials["user"]!.GetValue<string>(), credentials["password"]!.GetValue<string>());
    }

    private static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    [Fact]
    public async Task A_reload_and_a_new_tab_stay_signed_in_and_no_page_script_sees_the_session_token()
    {
        await using var server = await ConsoleServer.StartAsync(emulator: false);
        var (user, password) = await AdminAsync(server);
        await using var c = await fx.OpenAsync("/console/", server);
        var page = c.Page;
        await SignInAsync(page, user, password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Incident tickets" })).ToBeVisibleAsync();

        var cookie = await ConsoleSessionCookie.OfAsync(c.Context);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/", cookie.Path);
        var visible = await page.EvaluateAsync<string>("() => document.cookie + JSON.stringify(localStorage) + JSON.stringify(sessionStorage)");
        Assert.DoesNotContain(cookie.Value, visible, StringComparison.Ordinal);
        Assert.DoesNotContain(ConsoleSessionCookie.Name, visible, StringComparison.Ordinal);

        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Incident tickets" })).ToBeVisibleAsync();
        await Expect(page.Locator("#who")).ToHaveTextAsync("Signed in as admin");

        var tab = await c.Context.NewPageAsync();
        await tab.GotoAsync("/console/#/new");
        await Expect(tab.GetByRole(AriaRole.Heading, new() { Name = "New incident ticket" })).ToBeVisibleAsync();
        await Expect(tab.Locator("#who")).ToHaveTextAsync("Signed in as admin");

        // The live stream runs on the cookie too.
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-live", "stream");
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task The_expiry_warning_appears_before_the_end_and_stay_signed_in_starts_a_new_session()
    {
        // 6 minutes of token, a warning 5 minutes before: the banner is due one minute after signing in.
        await using var server = await ConsoleServer.StartAsync(emulator: false, "--Coc:TokenLifetimeHours=0.1");
        var (user, password) = await AdminAsync(server);
        await using var c = await fx.OpenAsync("/console/", server);
        var page = c.Page;
        await page.Clock.InstallAsync();
        await page.ReloadAsync();
        await SignInAsync(page, user, password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Incident tickets" })).ToBeVisibleAsync();
        var first = (await ConsoleSessionCookie.OfAsync(c.Context)).Value;
        await Expect(page.Locator("#session-banner")).ToHaveCountAsync(0);

        await page.Clock.FastForwardAsync("01:05");
        var banner = page.Locator("#session-banner");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("Your session ends at");
        await Expect(banner).ToContainTextAsync("5 min left");
        await banner.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" }).ClickAsync();
        await Expect(page.Locator("#stay-password")).ToBeFocusedAsync();
        await Accessibility.AssertNoAxeViolationsAsync(page);

        await page.Locator("#stay-password").FillAsync(password);
        await banner.GetByRole(AriaRole.Button, new() { Name = "Sign in again" }).ClickAsync();
        await Expect(page.Locator("#session-banner")).ToHaveCountAsync(0);
        Assert.NotEqual(first, (await ConsoleSessionCookie.OfAsync(c.Context)).Value);
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task A_half_typed_ticket_survives_a_revoked_session_and_comes_back_after_signing_in_again()
    {
        await using var server = await ConsoleServer.StartAsync(emulator: false);
        var (user, password) = await AdminAsync(server);
        await using var c = await fx.OpenAsync("/console/#/new", server);
        var page = c.Page;
        await SignInAsync(page, user, password);
        await page.GetByLabel("Title").FillAsync("Disk full on db-7");
        await page.Locator("#c-incident_description").FillAsync("half-typed at 3 a.m.");
        await page.Locator("#c-incident_level").SelectOptionAsync("level_40");
        await page.Locator("#c-incident_type").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("#c-incident_assignee").SelectOptionAsync("1");

        var token = (await ConsoleSessionCookie.OfAsync(c.Context)).Value;
        using (var api = new DirectApi(server.BaseAddress, token))
        {
            using var revoke = new HttpRequestMessage(HttpMethod.Delete, "/v3/auth/tokens");
            revoke.Headers.Add("X-Subject-Token", token);
            Assert.True((await api.Http.SendAsync(revoke)).IsSuccessStatusCode);
        }
        await page.Locator("#create-submit").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(page.Locator("#signin-error")).ToContainTextAsync("x-auth-token invalid");

        await Expect(page.GetByLabel("User name")).ToHaveValueAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync("Disk full on db-7");
        await Expect(page.Locator("#c-incident_description")).ToHaveValueAsync("half-typed at 3 a.m.");
        await Expect(page.Locator("#c-incident_level")).ToHaveValueAsync("level_40");
        await Expect(page.Locator("#flash")).ToContainTextAsync("Your unsaved input was restored.");
        Assert.Empty(c.Errors);
    }
}
