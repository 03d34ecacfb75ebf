using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class SecureModeTests(ConsoleFixture fx)
{
    [Fact]
    public async Task Signing_in_with_the_first_start_admin_credentials_shows_the_list_and_keeps_the_token_out_of_storage()
    {
        await using var server = await ConsoleServer.StartAsync(emulator: false);
        var credentials = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(server.Directory, "admin-credentials.json")))!;
        var user = credentials["user"]!.GetValue<string>();
        var password = credentials["password"]!.GetValue<string>();
        Assert.Equal("admin", user);

        using (var anonymous = new DirectApi(server.BaseAddress))
        {
            var config = JsonNode.Parse(await anonymous.Http.GetStringAsync("/v1/console/config"))!;
            Assert.Equal("secure", config["mode"]!.GetValue<string>());
            using var refused = await anonymous.Http.GetAsync("/v1/console/reference");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await using var c = await fx.OpenAsync("/console/?poll=1000", server);
        var page = c.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Accessibility.AssertEveryControlIsLabelledAsync(page);

        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#signin-error")).ToContainTextAsync("The username or password is wrong.");

        await page.GetByLabel("Password").FillAsync(password);
        await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            r => r.Url.EndsWith("/v1/console/session", StringComparison.Ordinal) && r.Status == 201);
        var token = (await ConsoleSessionCookie.OfAsync(c.Context)).Value;
        Assert.False(string.IsNullOrEmpty(token));

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Incident tickets" })).ToBeVisibleAsync();
        await Expect(page.Locator("#who")).ToHaveTextAsync("Signed in as admin");
        await Expect(page.Locator("#list-summary")).ToContainTextAsync("0 tickets");
        await Expect(page.GetByLabel("Acting as")).ToHaveValueAsync("1"); // the directory person named admin

        // The session's token is in an HttpOnly cookie: no page script sees it.
        var stored = await page.EvaluateAsync<string>("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie");
        Assert.DoesNotContain(token!, stored, StringComparison.Ordinal);

        // With it, the console's reference endpoint answers; a ticket created now reaches the list by polling.
        using var api = new DirectApi(server.BaseAddress, token);
        var reference = JsonNode.Parse(await api.Http.GetStringAsync("/v1/console/reference"))!;
        Assert.Equal(12, reference["workflow"]!.AsArray().Count);
        var number = await api.CreateAsync("Created in secure mode", creator: "1");
        var row = page.Locator($"tr[data-ticket='{number}']");
        await Expect(row).ToBeVisibleAsync();
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await c.ExpectStatusAsync("INCIDENT_STATUS_TRIGGERED");
        await Expect(page.Locator("#timeline > li")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath("secure-ticket.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        using var revoked = await api.Http.GetAsync("/v1/console/reference");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task In_secure_mode_an_admin_creates_an_integration_in_the_console_and_its_alarms_arrive_by_key_alone()
    {
        await using var server = await ConsoleServer.StartAsync(emulator: false);
        var credentials = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(server.Directory, "admin-credentials.json")))!;
        await using var c = await fx.OpenAsync("/console/?poll=500#/integrations", server);
        var page = c.Page;
        await page.GetByLabel("User name").FillAsync(credentials["user"]!.GetValue<string>());
        await page.GetByLabel("Password").FillAsync(credentials["password"]!.GetValue<string>());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Integrations");

        await page.GetByLabel("Name").FillAsync("alertmanager prod");
        await page.Locator("#int-create").ClickAsync();
        var url = new Uri((await page.Locator("#int-url").TextContentAsync())!);
        Assert.Equal(server.BaseAddress.Authority, url.Authority);

        // The key in the path is the only credential the ingestion needs (Alertmanager cannot sign).
        using (var anonymous = new DirectApi(server.BaseAddress))
        {
            await anonymous.DeliverAsync(url.AbsolutePath, "firing-single");
            using var list = await anonymous.Http.GetAsync("/v1/alarm-mgmt/alarms");
            Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        }
        await page.GetByRole(AriaRole.Link, new() { Name = "Alarms", Exact = true }).ClickAsync();
        var row = page.Locator("table.alarms tbody tr[data-alarm]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("HighCPU");
        await Expect(row).ToContainTextAsync("alertmanager prod");
        Assert.Empty(c.Errors);
    }
}
