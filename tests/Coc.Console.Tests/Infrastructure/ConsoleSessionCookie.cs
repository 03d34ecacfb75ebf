using Microsoft.Playwright;

namespace Coc.Console.Tests;

/// <summary>The console's session cookie as the browser holds it (Playwright sees HttpOnly cookies; page scripts do not).</summary>
public static class ConsoleSessionCookie
{
    public const string Name = "coc-session";

    public static async Task<BrowserContextCookiesResult> OfAsync(IBrowserContext context) =>
        (await context.CookiesAsync()).Single(c => c.Name == Name);
}
