using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Coc.Console.Tests;

/// <summary>axe-core (Deque's Playwright binding) on the page as it is now: every violation fails, with its rule and nodes.</summary>
public static class Axe
{
    public static async Task AssertNoViolationsAsync(IPage page, string where)
    {
        var result = await page.RunAxe();
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help}\n    " + string.Join("\n    ", v.Nodes.Take(5).Select(n => n.Html)));
        Assert.True(result.Violations.Length == 0, $"axe-core violations on {where}:\n" + string.Join("\n", violations));
    }
}
