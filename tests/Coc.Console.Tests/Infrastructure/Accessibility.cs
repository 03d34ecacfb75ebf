using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Coc.Console.Tests;

public static class Accessibility
{
    /// <summary>Every visible input, select and textarea has a label (or an aria-label / aria-labelledby).</summary>
    public static async Task AssertEveryControlIsLabelledAsync(IPage page)
    {
        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input, select, textarea')]
              .filter(el => el.type !== 'hidden' && el.getClientRects().length > 0)
              .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
              .map(el => el.outerHTML.slice(0, 120))
            """);
        Assert.True(unlabelled.Length == 0, "controls without a label:\n" + string.Join("\n", unlabelled));
    }

    /// <summary>axe-core (WCAG 2.x A and AA rules) finds no violation on the page as it is now.</summary>
    public static async Task AssertNoAxeViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(result.Violations.Length == 0, "axe-core violations:\n" + string.Join("\n",
            result.Violations.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}
