using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

/// <summary>The on-call desk's notes and history (issue #17 item 4): "Add note" (v2 addRemark), the timeline newest first
/// with a label for every entry and parameter in both languages, request outcomes and a rule's WarRoom as their own
/// entries.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DeskHistoryTests(ConsoleFixture fx)
{
    /// <summary>Every parameter key of workflow.md's operations (and v2's addRemark).</summary>
    private static readonly string[] ParameterKeys =
    [
        "mtm_type", "is_service_interrupt", "cause", "solution", "start_time", "fault_recovery_time", "resolve_attachments",
        "virtual_confirm_result", "virtual_confirm_comment", "virtual_send_assignee", "virtual_schedule_type", "virtual_schedule_role",
        "virtual_send_comment", "virtual_current_location_info", "pause_reason", "pause_end_time", "virtual_target_level",
        "virtual_change_level_comment", "note", "pause_approve_conclusion", "conclusion", "title", "description", "level_id",
        "source_id", "incident_ownership", "assignee", "assignee_scene", "assignee_role", "mtm_region", "enterprise_project_id",
        "current_cloud_service_id", "attachments",
    ];

    private static string Tag() => "hist" + Guid.NewGuid().ToString("N")[..8];

    private static ILocator Timeline(IPage page) => page.Locator("#timeline > li");

    private async Task HandleOkAsync(string number, string operateKey, string operatorId, JsonObject? parameter = null)
    {
        var (status, message) = await fx.Api.HandleAsync(number, operateKey, operatorId, parameter);
        Assert.True(status == 200, $"{operateKey} answered {status}: {message}");
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task A_note_is_added_as_the_acting_person_and_appears_at_the_top_labelled_in_both_languages(int width, int height)
    {
        var number = await fx.Api.CreateAsync($"{Tag()} note");
        await fx.Api.AcceptAsync(number);
        await using var c = await fx.OpenAsync($"/console/#/ticket/{number}");
        var page = c.Page;
        await page.SetViewportSizeAsync(width, height);
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED");
        await page.GetByLabel("Acting as").SelectOptionAsync("ops-carol");
        var form = page.Locator("#add-note");
        var field = form.GetByLabel("Note");
        await Expect(page.Locator("#note-note-count")).ToHaveTextAsync("0 / 300");
        await Expect(Timeline(page)).ToHaveCountAsync(2);

        await field.FillAsync("   ");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Expect(page.Locator("#note-note-error")).ToHaveTextAsync("Note must not be blank");
        await Expect(Timeline(page)).ToHaveCountAsync(2);

        await field.FillAsync("Replica lag is 3 s; watching it");
        await Expect(page.Locator("#note-note-count")).ToHaveTextAsync("31 / 300");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        var top = Timeline(page).First;
        await Expect(top).ToHaveAttributeAsync("data-action", "addRemark");
        await Expect(Timeline(page)).ToHaveCountAsync(3);
        await Expect(top.Locator(".tl-action")).ToHaveTextAsync("Note");
        await Expect(top.Locator(".tl-operator")).ToHaveTextAsync("Carol");
        await Expect(top.Locator("dl.params dt")).ToHaveTextAsync(["Note"]);
        await Expect(top.Locator("dl.params dd")).ToHaveTextAsync(["Replica lag is 3 s; watching it"]);
        await Expect(field).ToHaveValueAsync("");
        await Expect(Timeline(page).Last).ToHaveAttributeAsync("data-action", "create");
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED"); // a note changes nothing else
        await Axe.AssertNoViolationsAsync(page, $"the ticket page with a note at {width}×{height}");
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"the ticket page is {scrollWidth} px wide on a {width} px screen");
        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath($"desk-note-{width}.png"), FullPage = true });

        await page.GetByLabel("Language").SelectOptionAsync("zh");
        await Expect(top.Locator(".tl-action")).ToHaveTextAsync("备注");
        await Expect(top.Locator("dl.params dt")).ToHaveTextAsync(["备注"]);
        await Expect(form.GetByRole(AriaRole.Button, new() { Name = "添加备注" })).ToBeVisibleAsync();
        await Expect(Timeline(page).Nth(1).Locator(".tl-action")).ToHaveTextAsync("受理");
        await Axe.AssertNoViolationsAsync(page, $"the ticket page in zh at {width}×{height}");
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task A_completed_ticket_offers_no_note()
    {
        var number = await fx.Api.CreateAsync($"{Tag()} done");
        await fx.Api.AcceptAsync(number);
        await fx.Api.ResolveAsync(number);
        await HandleOkAsync(number, "confirm", "ops-bob", new JsonObject { ["virtual_confirm_result"] = true, ["virtual_confirm_comment"] = "ok" });
        await using var c = await fx.OpenAsync($"/console/#/ticket/{number}");
        await c.ExpectStatusAsync("INCIDENT_STATUS_COMPLETED");
        await Expect(c.Page.Locator("#add-note")).ToBeHiddenAsync();
        await Expect(Timeline(c.Page).First.Locator(".tl-action")).ToHaveTextAsync("Verified: resolved");
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task A_refused_request_reads_as_such_and_the_escalation_that_started_a_warroom_has_an_entry_for_it()
    {
        var tag = Tag();
        var number = await fx.Api.CreateAsync($"{tag} story", level: "level_40");
        await fx.Api.AcceptAsync(number);
        await HandleOkAsync(number, "incidentPause", "ops-alice", new JsonObject
        {
            ["pause_reason"] = "waiting for the vendor", ["pause_end_time"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(),
        });
        await HandleOkAsync(number, "rejected", "ops-bob", new JsonObject { ["note"] = "keep working" });
        await HandleOkAsync(number, "incidentChangeLevel1", "ops-alice", new JsonObject
        {
            ["virtual_target_level"] = "level_10", ["virtual_change_level_comment"] = "every payment fails",
        });
        var warRoom = (await fx.Api.DetailsAsync(number))["warroom_id"]!.GetValue<string>();
        var declined = await fx.Api.CreateAsync($"{tag} declined");
        await HandleOkAsync(declined, "rejected", "ops-alice", new JsonObject { ["virtual_confirm_comment"] = "not ours" });

        await using var c = await fx.OpenAsync($"/console/#/ticket/{number}");
        var page = c.Page;
        var items = Timeline(page);
        await Expect(items).ToHaveCountAsync(6);
        Assert.Equal(["warroom_rule", "escalated", "request_refused", "pause_requested", "accepted", "created"],
            await items.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.kind)"));
        await Expect(items.Nth(0).Locator(".tl-action")).ToHaveTextAsync("WarRoom started");
        await Expect(items.Nth(0).GetByRole(AriaRole.Link)).ToHaveTextAsync(warRoom);
        await Expect(items.Nth(0)).ToContainTextAsync("started by a WarRoom rule");
        await Expect(items.Nth(1).Locator(".tl-action")).ToHaveTextAsync("Level raised to P1");
        await Expect(items.Nth(1).Locator("dl.params dt")).ToHaveTextAsync(["New level", "Reason for the level change"]);
        await Expect(items.Nth(2).Locator(".tl-action")).ToHaveTextAsync("Request refused");
        await Expect(items.Nth(2).Locator(".tl-request")).ToHaveTextAsync("Pause request");
        await Expect(items.Nth(2).Locator("dl.params dd")).ToHaveTextAsync(["keep working"]);
        await Expect(items.Nth(3).Locator("dl.params dt")).ToHaveTextAsync(["Reason for pausing", "Pause until"]);
        // No raw keys anywhere (they all have underscores; numbers and these values have none).
        Assert.DoesNotContain("_", await page.Locator("#timeline").InnerTextAsync(), StringComparison.Ordinal);
        await Axe.AssertNoViolationsAsync(page, "the ticket page's timeline");

        await page.GetByLabel("Language").SelectOptionAsync("zh");
        await Expect(items.Nth(0).Locator(".tl-action")).ToHaveTextAsync("启动作战室");
        await Expect(items.Nth(1).Locator(".tl-action")).ToHaveTextAsync("级别提升为 P1");
        await Expect(items.Nth(2).Locator(".tl-action")).ToHaveTextAsync("申请已拒绝");
        await Expect(items.Nth(2).Locator(".tl-request")).ToHaveTextAsync("暂停申请");
        await Expect(items.Nth(3).Locator("dl.params dt")).ToHaveTextAsync(["暂停原因", "暂停至"]);

        await page.GotoAsync($"/console/#/ticket/{declined}");
        await Expect(Timeline(page).First).ToHaveAttributeAsync("data-kind", "declined");
        await Expect(Timeline(page).First.Locator(".tl-action")).ToHaveTextAsync("处理人驳回（拒绝受理）");
        await page.GetByLabel("语言").SelectOptionAsync("en");
        await Expect(Timeline(page).First.Locator(".tl-action")).ToHaveTextAsync("Declined by the assignee");
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task Every_parameter_key_and_timeline_label_has_a_text_in_both_languages()
    {
        await using var c = await fx.OpenAsync("/console/");
        await Expect(c.Page.Locator("#mainnav")).ToBeVisibleAsync();
        var missing = await c.Page.EvaluateAsync<string[]>("""
            async (keys) => {
              const { LABELS } = await import('/console/labels.js');
              const wanted = [...keys.map(k => 'hp_' + k), ...Object.keys(LABELS.en).filter(k => /^(tl|hp|notify|note|alert)/.test(k))];
              return wanted.flatMap(k => ['en', 'zh'].filter(l => !LABELS[l][k]).map(l => `${l}:${k}`));
            }
            """, ParameterKeys);
        Assert.Empty(missing);
    }
}
