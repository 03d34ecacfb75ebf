using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

/// <summary>The alarm list, the alarm page, the incident's linked alarms and the integrations page, in real chromium,
/// with alarms made by posting real captured Alertmanager deliveries to the ingestion URL.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AlarmPagesTests(ConsoleFixture fx)
{
    private static string Tag() => "am" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task The_alarm_list_shows_live_state_importance_convergence_and_source_filters_pages_and_updates_itself()
    {
        var itg = await fx.Api.CreateIntegrationAsync(Tag());
        await fx.Api.DeliverAsync(itg.IngestPath, "firing-single");
        await fx.Api.DeliverAsync(itg.IngestPath, "firing-single"); // a repeat converges
        await fx.Api.DeliverAsync(itg.IngestPath, "firing-group");
        var cpu = await fx.Api.AlarmAsync(itg.Id, "HighCPU");

        await using var c = await fx.OpenAsync($"/console/?poll=500#/alarms?integration_id={itg.Id}&limit=2");
        var page = c.Page;
        var rows = page.Locator("table.alarms tbody tr[data-alarm]");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator("#alarm-summary")).ToContainTextAsync("4 alarms");
        await Expect(page.Locator("#alarm-summary")).ToContainTextAsync("Page 1 of 2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Expect(page.Locator("#alarm-summary")).ToContainTextAsync("Page 2 of 2");
        var cpuRow = page.Locator($"tr[data-alarm='{cpu["id"]}']");
        await Expect(cpuRow).ToBeVisibleAsync();  // the oldest: on the last page
        await Expect(cpuRow.Locator("td.converge")).ToHaveTextAsync("2");
        await Expect(cpuRow.Locator("[data-importance]")).ToHaveTextAsync("Urgent");
        await Expect(cpuRow.Locator("[data-alarm-status]")).ToHaveTextAsync("Alarming");
        await Expect(cpuRow).ToContainTextAsync("Prometheus");
        await Expect(cpuRow).ToContainTextAsync("HighCPU");
        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath("alarm-list.png"), FullPage = true });

        await page.GetByLabel("Importance").SelectOptionAsync("major");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(page.Locator("#alarm-summary")).ToContainTextAsync("3 alarms");
        Assert.Contains("importance=major", page.Url, StringComparison.Ordinal);
        Assert.Contains($"integration_id={itg.Id}", page.Url, StringComparison.Ordinal);

        await page.GetByLabel("Importance").SelectOptionAsync("");
        await page.GetByLabel("Text in name or description").FillAsync("rising on web-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-alarm", cpu["id"]!.GetValue<string>());

        // Live: the alert resolved in Alertmanager turns the row resolved without a reload.
        await fx.Api.DeliverAsync(itg.IngestPath, "firing-partly-resolved");
        await Expect(rows.First.Locator("[data-alarm-status]")).ToHaveTextAsync("Resolved");
        await page.GetByLabel("Status").SelectOptionAsync("alarming");
        await Expect(page.Locator("table.alarms tbody td.empty")).ToHaveTextAsync("No alarms match.");

        await page.GetByLabel("Language").SelectOptionAsync("zh");
        await Expect(page.Locator("#alarms-h")).ToHaveTextAsync("告警");
        await Expect(page.Locator("#mainnav a[data-route=alarms]")).ToHaveTextAsync("告警");
        await Expect(page.Locator("table.alarms thead")).ToContainTextAsync("收敛次数");
        await page.GetByRole(AriaRole.Button, new() { Name = "重置" }).ClickAsync();
        await Expect(page.Locator("#alarm-summary")).ToContainTextAsync("共");
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task The_alarm_page_shows_every_field_as_text_and_clears_with_remarks()
    {
        var itg = await fx.Api.CreateIntegrationAsync(Tag());
        await fx.Api.DeliverAsync(itg.IngestPath, "firing-single");
        var id = (await fx.Api.AlarmAsync(itg.Id, "HighCPU"))["id"]!.GetValue<string>();

        await using var c = await fx.OpenAsync($"/console/#/alarm/{id}");
        var page = c.Page;
        await Expect(page.Locator("h1")).ToHaveTextAsync("HighCPU");
        await Expect(page.Locator(".alarm-head [data-alarm-status]")).ToHaveTextAsync("Alarming");
        var details = page.Locator("dl.alarm-details");
        await Expect(details).ToContainTextAsync(id);
        await Expect(details).ToContainTextAsync("ab906f89a7cb9bdc");
        await Expect(details).ToContainTextAsync("{}:{alertname=\"HighCPU\"}");
        await Expect(details).ToContainTextAsync("Prometheus");
        await Expect(details).ToContainTextAsync(itg.Id);
        // The annotation's HTML characters are text, never markup.
        await Expect(page.Locator("#alarm-annotations")).ToContainTextAsync("load <b>high</b> & rising on web-1");
        await Expect(page.Locator("#alarm-annotations b")).ToHaveCountAsync(0);
        await Expect(page.Locator("#alarm-annotations")).ToContainTextAsync("CPU 使用率超过 90%");
        await Expect(page.Locator("#alarm-labels")).ToContainTextAsync("web-1:9100");
        await Expect(page.Locator("#handle-histories")).ToContainTextAsync("No handle history yet.");
        await Expect(page.Locator("#handle-histories")).Not.ToContainTextAsync("null");
        await Accessibility.AssertEveryControlIsLabelledAsync(page);
        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath("alarm.png"), FullPage = true });

        await page.Locator("#alarm-clear").ClickAsync();
        await Expect(page.Locator("#op-dialog")).ToBeVisibleAsync();
        await page.GetByLabel("Remarks").FillAsync("false alarm: load test");
        await c.SubmitOperationAsync();
        await Expect(page.Locator(".alarm-head [data-alarm-status]")).ToHaveTextAsync("Resolved");
        await Expect(details).ToContainTextAsync("false alarm: load test");
        await Expect(details).ToContainTextAsync("By hand");
        await Expect(page.Locator("#alarm-clear")).ToHaveCountAsync(0); // nothing left to clear
        await Expect(page.Locator("#resolved-record")).ToContainTextAsync("false alarm: load test");

        var stored = await fx.Api.AlarmAsync(itg.Id, "HighCPU");
        Assert.Equal("resolved", stored["status"]!.GetValue<string>());
        Assert.Equal("manual", stored["resolved_by"]!.GetValue<string>());
        Assert.Equal("false alarm: load test", stored["remarks"]!.GetValue<string>());

        await page.GetByLabel("Language").SelectOptionAsync("zh");
        await Expect(page.Locator(".alarm-head [data-alarm-status]")).ToHaveTextAsync("已恢复");
        await Expect(details).ToContainTextAsync("手动清除");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "标签" })).ToBeVisibleAsync();
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task Transfer_to_incident_creates_the_incident_links_it_and_the_incident_page_lists_the_alarm()
    {
        var itg = await fx.Api.CreateIntegrationAsync(Tag());
        await fx.Api.DeliverAsync(itg.IngestPath, "firing-group");
        var id = (await fx.Api.AlarmAsync(itg.Id, "DiskFull", "db-2"))["id"]!.GetValue<string>();

        await using var c = await fx.OpenAsync($"/console/#/alarm/{id}");
        var page = c.Page;
        await Expect(page.Locator("[data-importance]").First).ToHaveTextAsync("Major");
        await page.Locator("#alarm-transfer").ClickAsync();
        await Expect(page.Locator("#op-dialog")).ToBeVisibleAsync();
        await Expect(page.Locator("#tr-title")).Not.ToHaveValueAsync("");  // prefilled from the alarm
        await page.Locator("#tr-title").FillAsync("db-2 disk full");
        await page.Locator("#tr-level_id").SelectOptionAsync("level_40");
        await page.Locator("#tr-mtm_type").SelectOptionAsync("inc_type_p_function_issues");
        await page.Locator("#tr-current_cloud_service_id").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("#tr-assignee").SelectOptionAsync("ops-alice");
        await Accessibility.AssertEveryControlIsLabelledAsync(page);
        await c.SubmitOperationAsync();

        var link = page.Locator("#alarm-incident a");
        await Expect(link).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Z0-9]+$"));
        var number = (await link.TextContentAsync())!;
        await Expect(page.Locator("#handle-histories")).ToContainTextAsync("TRANSFER");
        await Expect(page.Locator("#handle-histories")).ToContainTextAsync(number);
        var details = await fx.Api.DetailsAsync(number);
        Assert.Equal("db-2 disk full", details["incident_title"]!.GetValue<string>());
        Assert.Equal(id, details["alarms"]![0]!["alarm_id"]!.GetValue<string>());

        await link.ClickAsync();
        var linked = page.Locator("#linked-alarms");
        await Expect(linked.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Linked alarms");
        var item = linked.Locator($"li[data-alarm='{id}']");
        await Expect(item).ToContainTextAsync("DiskFull");
        await Expect(item.Locator("[data-importance]")).ToHaveTextAsync("Major");
        await Expect(item.Locator("[data-alarm-status]")).ToHaveTextAsync("Alarming");
        await page.GetByLabel("Language").SelectOptionAsync("zh");
        await Expect(linked.GetByRole(AriaRole.Heading)).ToHaveTextAsync("关联告警");
        await Expect(item.Locator("[data-importance]")).ToHaveTextAsync("重要");
        await item.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("DiskFull");
        await Expect(page.Locator("#alarm-incident a")).ToHaveTextAsync(number);
        await Expect(page.Locator("#alarm-transfer")).ToHaveCountAsync(0); // already linked to an open incident
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task A_transfer_the_API_refuses_shows_its_message_in_the_form_and_links_nothing_more()
    {
        var itg = await fx.Api.CreateIntegrationAsync(Tag());
        await fx.Api.DeliverAsync(itg.IngestPath, "firing-truncated");
        var id = (await fx.Api.AlarmsAsync(itg.Id))[0]!["id"]!.GetValue<string>();

        await using var c = await fx.OpenAsync($"/console/#/alarm/{id}");
        var page = c.Page;
        await page.Locator("#alarm-transfer").ClickAsync();
        await page.Locator("#tr-level_id").SelectOptionAsync("level_40");
        await page.Locator("#tr-mtm_type").SelectOptionAsync("inc_type_p_function_issues");
        await page.Locator("#tr-current_cloud_service_id").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("#tr-assignee").SelectOptionAsync("ops-alice");
        // Meanwhile someone else transfers the same alarm: the console's transfer is refused with 409.
        var first = await fx.Api.TransferAsync(id);

        await page.Locator("#op-submit").ClickAsync();
        await Expect(page.Locator("#op-error")).ToContainTextAsync("Refused by the API");
        await Expect(page.Locator("#op-error")).ToContainTextAsync("GOM.00007258");
        await Expect(page.Locator("#op-dialog")).ToBeVisibleAsync();
        var stored = (await fx.Api.AlarmsAsync(itg.Id)).Single(a => a!["id"]!.GetValue<string>() == id)!;
        Assert.Equal(first, stored["associate_event_id"]!.GetValue<string>());
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task An_incident_made_by_the_transfer_rule_lists_its_alarms_linking_to_the_alarm_page()
    {
        var itg = await fx.Api.CreateIntegrationAsync(Tag(), AlarmFeeds.UrgentRule());
        await fx.Api.DeliverAsync(itg.IngestPath, "firing-joined");
        var alarms = await fx.Api.AlarmsAsync(itg.Id);
        Assert.Equal(2, alarms.Count);
        var number = alarms[0]!["associate_event_id"]!.GetValue<string>();

        await using var c = await fx.OpenAsync($"/console/#/ticket/{number}");
        var page = c.Page;
        var items = page.Locator("#linked-alarms li[data-alarm]");
        await Expect(items).ToHaveCountAsync(2);
        await Expect(items.First.Locator("[data-importance]")).ToHaveTextAsync("Urgent");
        await Expect(page.Locator("#timeline")).ToContainTextAsync("Alarm linked");

        await fx.Api.DeliverAsync(itg.IngestPath, "firing-partly-resolved");
        await fx.Api.DeliverAsync(itg.IngestPath, "resolved");
        await page.ReloadAsync();
        await Expect(page.Locator("#linked-alarms [data-alarm-status]")).ToHaveTextAsync(["Resolved", "Resolved"]);
        await Expect(page.Locator("#timeline")).ToContainTextAsync("Alarms resolved");
        await c.ExpectStatusAsync("INCIDENT_STATUS_TRIGGERED");

        await items.First.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("HighCPU");
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task The_integrations_page_creates_shows_the_key_once_disables_enables_and_rotates()
    {
        var name = Tag();
        await using var c = await fx.OpenAsync("/console/#/integrations");
        var page = c.Page;
        await Expect(page.Locator("h1")).ToHaveTextAsync("Integrations");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Type").SelectOptionAsync("prometheus");
        await page.Locator("#int-create").ClickAsync();

        var key = page.Locator("#int-key");
        await Expect(key).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Za-z0-9]{32}$"));
        var firstKey = (await key.TextContentAsync())!;
        var url = (await page.Locator("#int-url").TextContentAsync())!;
        Assert.Equal($"{fx.Server.BaseAddress.ToString().TrimEnd('/')}/v1/event/prometheus/{firstKey}", url);
        await Expect(page.Locator("#int-snippet")).ToContainTextAsync("webhook_configs:");
        await Expect(page.Locator("#int-snippet")).ToContainTextAsync($"url: \"{url}\"");
        await Expect(page.Locator("#int-snippet")).ToContainTextAsync("send_resolved: true");
        await Expect(page.Locator("#int-snippet")).ToContainTextAsync("max_alerts: 1000");
        var path = new Uri(url).AbsolutePath;
        Assert.Equal(200, await fx.Api.PostCapturedAsync(path, "firing-single"));

        var row = page.Locator("table.integrations tbody tr").Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync(firstKey[^4..]);
        await Expect(row).ToContainTextAsync("Enabled");
        await Accessibility.AssertEveryControlIsLabelledAsync(page);
        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath("integrations.png"), FullPage = true });

        // Shown once: a reload shows the hint only.
        await page.ReloadAsync();
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.Locator("#int-key")).ToHaveCountAsync(0);
        Assert.DoesNotContain(firstKey, await page.ContentAsync(), StringComparison.Ordinal);

        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Disabled");
        Assert.Equal(401, await fx.Api.PostCapturedAsync(path, "firing-single"));
        await row.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Enabled");
        Assert.Equal(200, await fx.Api.PostCapturedAsync(path, "firing-single"));

        await row.GetByRole(AriaRole.Button, new() { Name = "Rotate key" }).ClickAsync();
        await Expect(page.Locator("#op-dialog")).ToBeVisibleAsync();
        await c.SubmitOperationAsync();
        await Expect(key).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Za-z0-9]{32}$"));
        var secondKey = (await key.TextContentAsync())!;
        Assert.NotEqual(firstKey, secondKey);
        // The old key no longer reaches this integration (in emulator mode an unknown key makes a new integration of
        // its own, alarms.md), the new one does.
        var id = (await row.GetAttributeAsync("data-integration"))!;
        var count = (await fx.Api.AlarmAsync(id, "HighCPU"))["converge_count"]!.GetValue<int>();
        await fx.Api.PostCapturedAsync(path, "firing-single");
        Assert.Equal(count, (await fx.Api.AlarmAsync(id, "HighCPU"))["converge_count"]!.GetValue<int>());
        await fx.Api.DeliverAsync(new Uri((await page.Locator("#int-url").TextContentAsync())!).AbsolutePath, "firing-single");
        Assert.Equal(count + 1, (await fx.Api.AlarmAsync(id, "HighCPU"))["converge_count"]!.GetValue<int>());

        await page.GetByLabel("Language").SelectOptionAsync("zh");
        await Expect(page.Locator("h1")).ToHaveTextAsync("集成");
        await Expect(row).ToContainTextAsync("已启用");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "停用" })).ToBeVisibleAsync();
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task A_refused_integration_shows_the_API_message_naming_the_field()
    {
        var name = Tag();
        await fx.Api.CreateIntegrationAsync(name);
        await using var c = await fx.OpenAsync("/console/#/integrations");
        var page = c.Page;
        await page.GetByLabel("Name").FillAsync(name);
        await page.Locator("#int-create").ClickAsync();
        await Expect(page.Locator("#int-error")).ToContainTextAsync("Refused by the API");
        await Expect(page.Locator("#int-error")).ToContainTextAsync("name");
        await Expect(page.Locator("#int-key")).ToHaveCountAsync(0);
    }
}
