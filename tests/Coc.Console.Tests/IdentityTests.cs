using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

/// <summary>
/// Secure mode (auth.md, People behind credentials): a signed-in person acts as themselves. Without
/// coc:ticket:actForOthers the console offers no other acting person, shows what that person may not do and why, and the
/// history shows who really acted (the principal) beside the operator.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class IdentityTests(ConsoleFixture fx)
{
    private const string OwnActions =
        "coc:ticket:create,coc:ticket:get,coc:ticket:list,coc:ticket:action,coc:ticket:getOperationHistories,coc:ticket:uploadFile,coc:warroom:list";

    [Fact]
    public async Task Signed_in_as_ops_alice_without_actForOthers_one_acts_only_as_alice_and_the_history_names_the_user()
    {
        await using var server = await ConsoleServer.StartAsync(emulator: false);
        var password = "alice-" + Guid.NewGuid().ToString("N");
        await server.CreateUserAsync("alice", password, "ops-alice", OwnActions);
        var credentials = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(server.Directory, "admin-credentials.json")))!;
        using var admin = new DirectApi(server.BaseAddress, await TokenAsync(server, "admin", credentials["password"]!.GetValue<string>()));
        var bobs = await admin.CreateAsync("Assigned to Bob", assignee: "ops-bob", creator: "1");
        var alices = await admin.CreateAsync("Assigned to Alice", assignee: "ops-alice", creator: "1");

        await using var c = await fx.OpenAsync($"/console/#/ticket/{bobs}", server);
        var page = c.Page;
        await page.GetByLabel("User name").FillAsync("alice");
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var token = await TokenAsync(server, "alice", password);

        // No way to choose another acting person: the picker is gone, the header says whom one acts as.
        await c.ExpectStatusAsync("INCIDENT_STATUS_TRIGGERED");
        await Expect(page.Locator("#operator")).ToBeHiddenAsync();
        await Expect(page.Locator("#who")).ToHaveTextAsync("Signed in as alice · acting as Alice");
        // Bob's ticket: accepting is his; the button says why it is not Alice's to press.
        var accept = page.Locator("#op-acceptedIncident1");
        await Expect(accept).ToBeDisabledAsync();
        await Expect(page.Locator("#op-acceptedIncident1-why")).ToHaveTextAsync("Only the assignee (Bob) may do this.");
        await Expect(accept).ToHaveAttributeAsync("aria-describedby", "op-acceptedIncident1-why");
        await Accessibility.AssertNoAxeViolationsAsync(page);

        // A crafted request gets the API's refusals: naming Bob is 403, acting as herself on Bob's ticket 409.
        using (var alice = new DirectApi(server.BaseAddress, token))
        {
            var (asBob, bobMessage) = await alice.HandleAsync(bobs, "acceptedIncident1", "ops-bob");
            Assert.Equal(403, asBob);
            Assert.Contains("coc:ticket:actForOthers", bobMessage, StringComparison.Ordinal);
            var (asAlice, _) = await alice.HandleAsync(bobs, "acceptedIncident1", "ops-alice");
            Assert.Equal(409, asAlice);
            Assert.Equal("INCIDENT_STATUS_TRIGGERED", (await alice.DetailsAsync(bobs))["status"]!.GetValue<string>());
        }

        // Her own ticket: she accepts it; the history shows the operator and the signed-in user behind it.
        await page.GotoAsync($"/console/#/ticket/{alices}");
        await c.ExpectStatusAsync("INCIDENT_STATUS_TRIGGERED");
        await Expect(page.Locator("#op-acceptedIncident1")).ToBeEnabledAsync();
        await c.OpenOperationAsync("acceptedIncident1");
        await c.SubmitOperationAsync();
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED");
        var accepted = page.Locator("#timeline > li[data-action=acceptedIncident1]");
        await Expect(accepted.Locator(".tl-operator")).ToHaveTextAsync("Alice");
        await Expect(accepted.Locator(".tl-principal")).ToHaveTextAsync("signed in as user:alice");
        await Expect(page.Locator("#timeline > li[data-action=create] .tl-principal")).ToHaveTextAsync("signed in as user:admin");
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task With_actForOthers_the_acting_person_stays_a_choice_starting_with_the_signed_in_person()
    {
        await using var server = await ConsoleServer.StartAsync(emulator: false);
        var password = "lead-" + Guid.NewGuid().ToString("N");
        await server.CreateUserAsync("lead", password, "ops-carol", OwnActions + ",coc:ticket:actForOthers");

        await using var c = await fx.OpenAsync("/console/", server);
        var page = c.Page;
        await page.GetByLabel("User name").FillAsync("lead");
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Incident tickets" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Acting as")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Acting as")).ToHaveValueAsync("ops-carol");
        await Expect(page.Locator("#who")).ToHaveTextAsync("Signed in as lead");
        Assert.Empty(c.Errors);
    }

    private static async Task<string> TokenAsync(ConsoleServer server, string user, string password)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var credentials = new JsonObject { ["name"] = user, ["password"] = password, ["domain"] = new JsonObject { ["name"] = "default" } };
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject { ["methods"] = new JsonArray("password"), ["password"] = new JsonObject { ["user"] = credentials } },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["id"] = "default" } },
            },
        };
        using var response = await http.PostAsJsonAsync("/v3/auth/tokens", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.GetValues("X-Subject-Token").Single();
    }
}
