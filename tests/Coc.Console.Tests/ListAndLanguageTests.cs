using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coc.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ListAndLanguageTests(ConsoleFixture fx)
{
    [Fact]
    public async Task The_list_is_newest_first_filters_and_pages_through_the_API_and_updates_itself()
    {
        var tag = "lst" + Guid.NewGuid().ToString("N")[..8];
        var numbers = new List<string>();
        for (var i = 0; i < 11; i++)
        {
            numbers.Add(await fx.Api.CreateAsync($"{tag} #{i:00}"));
            await Task.Delay(3); // distinct create times, so "newest first" has one answer
        }
        await fx.Api.AcceptAsync(numbers[3]);
        var carols = await fx.Api.CreateAsync($"{tag} for carol", assignee: "ops-carol");

        // poll=500: the live-update interval, shortened for the test (default 5 s).
        await using var c = await fx.OpenAsync($"/console/?poll=500#/?q={tag}&limit=10");
        var page = c.Page;
        var rows = page.Locator("table.tickets tbody tr[data-ticket]");
        await Expect(rows).ToHaveCountAsync(10);
        await Expect(rows.First).ToHaveAttributeAsync("data-ticket", carols);
        await Expect(rows.Nth(1)).ToContainTextAsync($"{tag} #10");
        await Expect(page.Locator("#list-summary")).ToContainTextAsync("12 tickets");
        await Expect(page.Locator("#list-summary")).ToContainTextAsync("Page 1 of 2");
        await Expect(page.Locator("#f-q")).ToHaveValueAsync(tag);

        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Last).ToContainTextAsync($"{tag} #00");
        await Expect(page.Locator("#list-summary")).ToContainTextAsync("Page 2 of 2");

        // Status filter (applies on change), then assignee.
        await page.GetByLabel("Status").SelectOptionAsync("INCIDENT_STATUS_ACKNOWLEDGED");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-ticket", numbers[3]);
        Assert.Contains("status=INCIDENT_STATUS_ACKNOWLEDGED", page.Url, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Reset" }).ClickAsync();
        await page.GetByLabel("Assignee").FillAsync("ops-carol");
        await page.GetByLabel("Text in title or description").FillAsync(tag);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-ticket", carols);
        await Expect(rows.First).ToContainTextAsync("Carol");

        // Live update: a ticket created elsewhere is announced without a reload (not inserted under the pointer), and
        // shown on request. Reset went back to the default view, the triage order, where the newer of two unaccepted
        // P3 tickets comes last.
        var later = await fx.Api.CreateAsync($"{tag} arrives later", assignee: "ops-carol");
        await Expect(page.Locator("#show-new")).ToContainTextAsync("1 new");
        await Expect(rows).ToHaveCountAsync(1);
        await page.Locator("#show-new").ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Last).ToHaveAttributeAsync("data-ticket", later);
        await Expect(page.Locator("#last-refresh")).ToContainTextAsync("Last refresh");
        await Expect(page.Locator("footer")).ToContainTextAsync("live event stream");
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task The_language_switch_changes_labels_and_enum_names_and_is_remembered()
    {
        var number = await fx.Api.CreateAsync("Language switch", assignee: "ops-bob");
        await fx.Api.AcceptAsync(number, "ops-bob");
        await using var c = await fx.OpenAsync($"/console/#/ticket/{number}");
        var page = c.Page;
        await Expect(c.StatusBadge).ToHaveTextAsync("ACKNOWLEDGED");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeVisibleAsync();
        await Expect(page.Locator("#mainnav a[data-route=list]")).ToHaveTextAsync("Tickets");

        await page.GetByLabel("Language").SelectOptionAsync("zh");
        await Expect(c.StatusBadge).ToHaveTextAsync("已受理");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "处理记录" })).ToBeVisibleAsync();
        await Expect(page.Locator("#mainnav a[data-route=list]")).ToHaveTextAsync("事件单");
        await Expect(page.Locator("dl.details")).ToContainTextAsync("功能问题");  // type, from enum_data_list
        await Expect(page.Locator("dl.details")).ToContainTextAsync("鲍勃");      // assignee, from the directory
        await Expect(page.Locator("#timeline")).ToContainTextAsync("受理");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await page.ScreenshotAsync(new() { Path = ConsoleFixture.ScreenshotPath("ticket-zh.png"), FullPage = true });

        // Remembered in localStorage: a reload comes back in Chinese.
        Assert.Equal("zh", await page.EvaluateAsync<string>("() => localStorage.getItem('coc.lang')"));
        await page.ReloadAsync();
        await Expect(c.StatusBadge).ToHaveTextAsync("已受理");
        await page.GetByLabel("语言").SelectOptionAsync("en");
        await Expect(c.StatusBadge).ToHaveTextAsync("ACKNOWLEDGED");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeVisibleAsync();
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task The_acting_person_is_remembered_and_used_as_the_operator()
    {
        var number = await fx.Api.CreateAsync("Who acts", assignee: "ops-carol");
        await using var c = await fx.OpenAsync($"/console/#/ticket/{number}");
        var page = c.Page;
        await page.GetByLabel("Acting as").SelectOptionAsync("ops-carol");
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Acting as")).ToHaveValueAsync("ops-carol");

        // Keyboard only: the skip link comes first; Enter opens the form, Escape closes it, Enter submits.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#skip")).ToBeFocusedAsync();
        var dialog = page.Locator("#op-dialog");
        await page.Locator("#op-acceptedIncident1").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("Accept this ticket as Carol.");
        await Expect(page.Locator("#op-submit")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        await page.Locator("#op-acceptedIncident1").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#op-submit")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToBeHiddenAsync();
        await c.ExpectStatusAsync("INCIDENT_STATUS_ACKNOWLEDGED");
        await Expect(page.Locator("#timeline > li").First.Locator(".tl-operator")).ToHaveTextAsync("Carol");
        Assert.Empty(c.Errors);
    }

    [Fact]
    public async Task Attachments_upload_with_the_ticket_number_and_download_with_their_bytes()
    {
        var number = await fx.Api.CreateAsync("Attach the logs");
        await using var c = await fx.OpenAsync($"/console/#/ticket/{number}");
        var page = c.Page;
        await c.ExpectStatusAsync("INCIDENT_STATUS_TRIGGERED");

        // Refused before sending: not one of the accepted types.
        await page.GetByLabel(new Regex("^File")).SetInputFilesAsync(new FilePayload { Name = "tool.exe", MimeType = "application/octet-stream", Buffer = [1, 2, 3] });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Expect(page.Locator("#upload-error")).ToContainTextAsync("Only jpg, png, docx, txt and pdf files are accepted");

        var content = "2026-11-22 10:05:01 ERROR gateway timeout\n"u8.ToArray();
        await page.GetByLabel(new Regex("^File")).SetInputFilesAsync(new FilePayload { Name = "gateway.txt", MimeType = "text/plain", Buffer = content });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Expect(page.Locator("#attachment-list")).ToContainTextAsync("gateway.txt");
        var details = await fx.Api.DetailsAsync(number);
        Assert.Equal("gateway.txt", details["attachments"]![0]!["doc_name"]!.GetValue<string>());

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Download gateway.txt" }).ClickAsync());
        Assert.Equal("gateway.txt", download.SuggestedFilename);
        await using var stream = await download.CreateReadStreamAsync();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
        Assert.Empty(c.Errors);
    }
}
