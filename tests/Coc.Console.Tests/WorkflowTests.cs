using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed partial class WorkflowTests(ConsoleFixture fx)
{
    [Fact]
    public async Task A_ticket_created_in_the_form_runs_the_whole_workflow_and_the_timeline_shows_every_step()
    {
        // A few tickets in other states, so the list screenshot shows the badges.
        foreach (var (other, level) in new[] { ("Database latency over SLO", "level_20"), ("Login page slow", "level_40"), ("Disk almost full", "level_10") })
            await fx.Api.CreateAsync(other, level: level);
        var acknowledged = await fx.Api.CreateAsync("Payment callback retries", level: "level_30");
        await fx.Api.AcceptAsync(acknowledged);
        var resolved = await fx.Api.CreateAsync("Certificate expires soon", level: "level_50");
        await fx.Api.AcceptAsync(resolved);
        await fx.Api.ResolveAsync(resolved);

        await using var c = await fx.OpenAsync();
        var page = c.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Incident tickets" })).ToBeVisibleAsync();
        await page.GetByLabel("Acting as").SelectOptionAsync("ops-alice");

        // Create through the form.
        await page.GetByRole(AriaRole.Link, new() { Name = "New ticket" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New incident ticket" })).ToBeVisibleAsync();
        await Accessibility.AssertEveryControlIsLabelledAsync(page);
        var title = "Checkout fails for card payments";
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Description").FillAsync("Card payments time out after 30 s since 10:05.");
        await page.GetByLabel("Level").SelectOptionAsync("level_30");
        await page.GetByLabel("Type").SelectOptionAsync("inc_type_p_function_issues");
        await page.GetByLabel("Ownership").SelectOptionAsync("incident_ownership_customer");
        await page.GetByLabel("Assignee").SelectOptionAsync("ops-alice");
        await page.GetByLabel("Creator").SelectOptionAsync("ops-bob");
        await page.GetByLabel("Application").SelectOptionAsync("app-123");
        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath("create.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create ticket" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(TicketUrl()); // a hash change: no load event to wait for
        var number = TicketNumber().Match(page.Url).Value;
        await c.ExpectStatusAsync("INCIDENT_STATUS_TRIGGERED");
        await Expect(page.Locator(".ticket-title")).ToHaveTextAsync(title);

        // Accept, submit a solution, verify false (back to acknowledged), submit again, verify true.
        await c.OpenOperationAsync("acceptedIncident1");
        await c.SubmitOperationAsync();
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED");

        await SubmitSolutionAsync(c, "Gateway timeout set to 5 s", "Raised the gateway timeout to 30 s");
        await c.ExpectStatusAsync("INCIDENT_STATUS_RESOLVED");

        await VerifyAsync(c, passed: false, "Still failing for Visa cards");
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED");

        await SubmitSolutionAsync(c, "Visa route used an old endpoint", "Switched the Visa route to the new endpoint");
        await c.ExpectStatusAsync("INCIDENT_STATUS_RESOLVED");

        await VerifyAsync(c, passed: true, "All card payments succeed");
        await c.ExpectStatusAsync("INCIDENT_STATUS_COMPLETED");

        // The timeline, newest first: who, what, when, parameters, for every step.
        var items = page.Locator("#timeline > li");
        await Expect(items).ToHaveCountAsync(6);
        var actions = await items.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.action)");
        Assert.Equal(["confirm", "commitSolution1", "confirm", "commitSolution1", "acceptedIncident1", "create"], actions);
        await Expect(items.Nth(5)).ToContainTextAsync("Created");
        await Expect(items.Nth(5)).ToContainTextAsync("Bob");
        await Expect(items.Nth(4)).ToContainTextAsync("Accepted");
        await Expect(items.Nth(4)).ToContainTextAsync("Alice");
        await Expect(items.Nth(3)).ToContainTextAsync("Gateway timeout set to 5 s");
        await Expect(items.Nth(2)).ToContainTextAsync("Still failing for Visa cards");
        await Expect(items.Nth(2).Locator(".tl-action")).ToHaveTextAsync("Verified: not resolved, back to the assignee");
        await Expect(items.Nth(2).Locator("[data-status]").Last).ToHaveAttributeAsync("data-status", "INCIDENT_STATUS_ACKNOWLEDGED");
        await Expect(items.Nth(0).Locator("[data-status]").Last).ToHaveAttributeAsync("data-status", "INCIDENT_STATUS_COMPLETED");
        await Expect(items.Nth(0).Locator("time")).ToHaveAttributeAsync("datetime", new Regex(@"^\d{4}-\d\d-\d\dT"));

        // Details with display names, SLA timers settled, no operation left.
        await Expect(page.Locator("dl.details")).ToContainTextAsync("Customer fault reporting");
        await Expect(page.Locator("dl.details")).ToContainTextAsync("Sample application");
        await Expect(page.Locator("#sla-tta")).Not.ToContainTextAsync("running");
        await Expect(page.Locator("#sla-ttr")).Not.ToContainTextAsync("running");
        await Expect(page.Locator("#sla-ttr")).ToHaveTextAsync(new Regex(@"\d+s$"));
        await Expect(page.Locator("#actions")).ToContainTextAsync("No operation is allowed in this status.");
        var details = await fx.Api.DetailsAsync(number);
        Assert.Equal("INCIDENT_STATUS_COMPLETED", details["status"]!.GetValue<string>());
        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath("ticket.png"), FullPage = true });

        // Back to the list: the ticket is there, completed. The default view (triage) shows only open tickets, so the
        // completed one is looked up by its number with the completed status chosen.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tickets", Exact = true }).ClickAsync();
        await page.Locator("#f-q").FillAsync(number);
        await page.GetByLabel("Status").SelectOptionAsync("INCIDENT_STATUS_COMPLETED");
        var row = page.Locator($"tr[data-ticket='{number}']");
        await Expect(row.Locator("[data-status]")).ToHaveTextAsync("COMPLETED");
        await Expect(row.Locator("[data-level]")).ToHaveTextAsync("P3");
        await Accessibility.AssertEveryControlIsLabelledAsync(page);
        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath("list.png"), FullPage = true });
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task A_refused_action_shows_the_APIs_error_message()
    {
        var number = await fx.Api.CreateAsync("Someone else accepts first");
        await using var c = await fx.OpenAsync($"/console/#/ticket/{number}");
        await c.ExpectStatusAsync("INCIDENT_STATUS_TRIGGERED");
        await c.OpenOperationAsync("acceptedIncident1");

        // The ticket changes underneath the open form; the API's own words for the refusal:
        await fx.Api.AcceptAsync(number);
        var (status, expected) = await fx.Api.HandleAsync(number, "acceptedIncident1", "ops-alice");
        Assert.Equal(409, status);
        Assert.False(string.IsNullOrEmpty(expected));

        await c.Page.Locator("#op-submit").ClickAsync();
        await Expect(c.Page.Locator("#op-error")).ToContainTextAsync(expected!);
        await Expect(c.Page.Locator("#op-error")).ToContainTextAsync("GOM.00007258");
        await Expect(c.Page.Locator("#op-dialog")).ToBeVisibleAsync();
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED"); // the page re-read the ticket
        await c.Page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath("refused-action.png") });
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task Operation_forms_check_required_fields_and_lengths_as_the_API_does_before_sending()
    {
        var number = await fx.Api.CreateAsync("Validation in the verify form");
        await fx.Api.AcceptAsync(number);
        await fx.Api.ResolveAsync(number);
        await using var c = await fx.OpenAsync($"/console/#/ticket/{number}");
        var page = c.Page;
        var handleRequests = 0;
        page.Request += (_, r) => { if (r.Url.EndsWith("/incident/handle", StringComparison.Ordinal)) Interlocked.Increment(ref handleRequests); };
        await c.ExpectStatusAsync("INCIDENT_STATUS_RESOLVED");

        // Only what the workflow allows now is offered.
        var offered = await page.Locator("#actions button.op").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.op)");
        Assert.Equal(["confirm"], offered);

        await c.OpenOperationAsync("confirm");
        await Accessibility.AssertEveryControlIsLabelledAsync(page);
        var dialog = page.Locator("#op-dialog");
        await page.Locator("#op-submit").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Verification result is required");
        await Expect(dialog).ToContainTextAsync("Comment is required");

        // 301 characters (typed past maxlength, as a script could): refused like the API's ≤ 300.
        await page.Locator("#op-confirm-virtual_confirm_comment").EvaluateAsync("el => el.value = 'x'.repeat(301)");
        await dialog.GetByLabel("Resolved (complete the ticket)").CheckAsync();
        await page.Locator("#op-submit").ClickAsync();
        await Expect(dialog).ToContainTextAsync("Comment must be at most 300 characters (now 301)");
        await Expect(page.Locator("#op-confirm-virtual_confirm_comment")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(0, Volatile.Read(ref handleRequests));

        await page.Locator("#op-confirm-virtual_confirm_comment").FillAsync(new string('y', 300));
        await c.SubmitOperationAsync();
        await c.ExpectStatusAsync("INCIDENT_STATUS_COMPLETED");
        Assert.Equal(1, Volatile.Read(ref handleRequests));
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task A_pending_pause_request_is_shown_prominently_and_can_be_approved()
    {
        var number = await fx.Api.CreateAsync("Waiting for the vendor");
        await fx.Api.AcceptAsync(number);
        await using var c = await fx.OpenAsync($"/console/#/ticket/{number}");
        var page = c.Page;
        await page.GetByLabel("Acting as").SelectOptionAsync("ops-alice");
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED");

        await c.OpenOperationAsync("incidentPause");
        await page.GetByLabel("Reason for pausing").FillAsync("Vendor answers tomorrow");
        await c.SubmitOperationAsync();
        var pending = page.Locator("#pending");
        await Expect(pending).ToContainTextAsync("Pause requested");
        await Expect(pending).ToContainTextAsync("Vendor answers tomorrow");
        await Expect(pending).ToContainTextAsync("Alice");
        await Expect(page.Locator("#op-commitSolution1")).ToHaveCountAsync(0); // closed before the ticket is resolved

        // The requester may not approve their own request: the console shows why, and the API refuses it anyway.
        await Expect(page.Locator("#op-agreed")).ToBeDisabledAsync();
        await Expect(page.Locator("#op-agreed-why")).ToHaveTextAsync("You asked for this change; someone else decides on it.");
        await Expect(page.Locator("#op-rejected")).ToBeEnabledAsync(); // refusing is withdrawing: the requester may
        var (status, message) = await fx.Api.HandleAsync(number, "agreed", "ops-alice");
        Assert.Equal(409, status);
        Assert.Contains("may not approve it", message, StringComparison.Ordinal);

        await page.GetByLabel("Acting as").SelectOptionAsync("ops-bob");
        await Expect(page.Locator("#op-agreed")).ToBeEnabledAsync(); // the buttons follow the acting person
        await c.OpenOperationAsync("agreed");
        await c.SubmitOperationAsync();
        await Expect(pending).ToBeEmptyAsync();
        await Expect(page.Locator(".ticket-head .paused")).ToBeVisibleAsync();
        await Expect(page.Locator("#sla-ttr")).ToContainTextAsync("clock stopped: paused");
        await Expect(page.Locator("#op-recovery")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath("ticket-paused.png"), FullPage = true });
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task Reject_reopen_forward_and_change_level_each_send_their_own_parameters()
    {
        var number = await fx.Api.CreateAsync("Wrong team", assignee: "ops-alice", creator: "ops-bob", level: "level_40");
        await using var c = await fx.OpenAsync($"/console/#/ticket/{number}");
        var page = c.Page;
        var dialog = page.Locator("#op-dialog");
        var timeline = page.Locator("#timeline > li");
        await page.GetByLabel("Acting as").SelectOptionAsync("ops-alice");
        await c.ExpectStatusAsync("INCIDENT_STATUS_TRIGGERED");

        // The assignee declines the unaccepted ticket (a comment is required then).
        await c.OpenOperationAsync("rejected");
        await dialog.GetByLabel("Comment").FillAsync("Not our service");
        await c.SubmitOperationAsync();
        await c.ExpectStatusAsync("INCIDENT_STATUS_REJECTED");

        // The creator edits and resubmits it: only the changed fields travel.
        await page.GetByLabel("Acting as").SelectOptionAsync("ops-bob");
        await c.OpenOperationAsync("ReOpen");
        await dialog.GetByLabel("Title").FillAsync("Wrong team: payments");
        await dialog.GetByLabel("Level").SelectOptionAsync("level_30");
        await c.SubmitOperationAsync();
        await c.ExpectStatusAsync("INCIDENT_STATUS_TRIGGERED");
        await Expect(page.Locator(".ticket-title")).ToHaveTextAsync("Wrong team: payments");
        var reopened = timeline.First.Locator("dl.params");
        await Expect(reopened.Locator("dt")).ToHaveTextAsync(["Title", "Level"]); // only what was sent, under its label
        await Expect(reopened.Locator("dd")).ToHaveTextAsync(["Wrong team: payments", "P3"]);

        // Forward to another person.
        await c.OpenOperationAsync("forwardOther1");
        await dialog.GetByLabel("Person", new() { Exact = true }).SelectOptionAsync("ops-carol");
        await dialog.GetByLabel("Comment").FillAsync("Carol owns payments");
        await c.SubmitOperationAsync();
        await Expect(page.Locator("dl.details")).ToContainTextAsync("Carol");

        // A de-escalation opens a level request, which someone else approves.
        await fx.Api.AcceptAsync(number, "ops-carol");
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED");
        await page.GetByLabel("Acting as").SelectOptionAsync("ops-carol");
        await c.OpenOperationAsync("incidentChangeLevel1");
        await Expect(dialog.GetByLabel("New level").Locator("option[value=level_30]")).ToHaveCountAsync(0); // not the current level
        await dialog.GetByLabel("New level").SelectOptionAsync("level_50");
        await dialog.GetByLabel("Reason for the change").FillAsync("Only one merchant affected");
        await c.SubmitOperationAsync();
        await Expect(page.Locator("#pending")).ToContainTextAsync("Level change requested");
        await Expect(page.Locator("#pending [data-level]")).ToHaveTextAsync("P5");
        await page.GetByLabel("Acting as").SelectOptionAsync("ops-alice");
        await c.OpenOperationAsync("agreed");
        await c.SubmitOperationAsync();
        await Expect(page.Locator(".ticket-head [data-level]")).ToHaveTextAsync("P5");
        await Expect(page.Locator("#pending")).ToBeEmptyAsync();
        await Expect(timeline.First.Locator(".tl-action")).ToHaveTextAsync("Request approved");
        await Expect(timeline.First.Locator(".tl-request")).ToHaveTextAsync("Level change request");
        await Expect(timeline.Nth(1).Locator(".tl-action")).ToHaveTextAsync("Level change to P5 requested");
        Assert.Empty(c.Errors);
    }

    private static async Task SubmitSolutionAsync(ConsolePage c, string cause, string solution)
    {
        await c.OpenOperationAsync("commitSolution1");
        var dialog = c.Page.Locator("#op-dialog");
        await dialog.GetByLabel("Cause").FillAsync(cause);
        await dialog.GetByLabel("Solution").FillAsync(solution);
        await c.Page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath("operation-form.png") });
        await c.SubmitOperationAsync();
    }

    private static async Task VerifyAsync(ConsolePage c, bool passed, string comment)
    {
        await c.OpenOperationAsync("confirm");
        var dialog = c.Page.Locator("#op-dialog");
        await dialog.GetByLabel(passed ? "Resolved (complete the ticket)" : "Not resolved (back to the assignee)").CheckAsync();
        await dialog.GetByLabel("Comment").FillAsync(comment);
        await c.SubmitOperationAsync();
    }

    [GeneratedRegex(@"#/ticket/IM\d{24}$")]
    private static partial Regex TicketUrl();

    [GeneratedRegex(@"IM\d{24}")]
    private static partial Regex TicketNumber();
}
