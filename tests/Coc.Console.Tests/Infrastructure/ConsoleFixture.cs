using Microsoft.Playwright;

namespace Coc.Console.Tests;

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}

/// <summary>
/// One emulator-mode server and one headless Debian chromium for the whole collection; each test gets its own
/// browser context (so its own localStorage) through <see cref="OpenAsync"/>.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ConsoleServer? _server;

    public ConsoleServer Server => _server ?? throw new InvalidOperationException("not started");
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("not started");
    public DirectApi Api { get; private set; } = null!;

    /// <summary>Screenshots go here on every run: <c>$COC_TEST_OUTPUT</c>, else <c>&lt;repo&gt;/test-output/console/</c>.</summary>
    public static string OutputDirectory { get; } = ResolveOutputDirectory();

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(10_000);
        var server = ConsoleServer.StartAsync(emulator: true);
        _playwright = await Playwright.CreateAsync();
        var chromium = Environment.GetEnvironmentVariable("COC_TEST_CHROMIUM");
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = string.IsNullOrEmpty(chromium) ? "/usr/bin/chromium" : chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
        _server = await server;
        Api = new DirectApi(_server.BaseAddress);
        Directory.CreateDirectory(OutputDirectory);
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }

    /// <summary>A fresh context and page on <paramref name="server"/> (default: the emulator server) at <paramref name="path"/>;
    /// <paramref name="prepare"/> runs on the context before the page opens (init scripts, permissions).</summary>
    public async Task<ConsolePage> OpenAsync(string path = "/console/", ConsoleServer? server = null, Func<IBrowserContext, Task>? prepare = null)
    {
        var target = server ?? Server;
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = target.BaseAddress.ToString(),
            Locale = "en-US",
            ViewportSize = new() { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        if (prepare is not null) await prepare(context);
        var page = await context.NewPageAsync();
        var console = new ConsolePage(context, page);
        await page.GotoAsync(path);
        return console;
    }

    public static string ScreenshotPath(string name) => Path.Combine(OutputDirectory, name);

    private static string ResolveOutputDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("COC_TEST_OUTPUT");
        if (!string.IsNullOrEmpty(configured)) return Path.GetFullPath(configured);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CocIncident.sln")))
                return Path.Combine(dir.FullName, "test-output", "console");
        }
        return Path.Combine(AppContext.BaseDirectory, "test-output", "console");
    }
}

/// <summary>A page in its own browser context; collects the page's JavaScript errors so a test can assert there were none.</summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    public ConsolePage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.PageError += (_, message) => { lock (_errors) _errors.Add("pageerror: " + message); };
        page.Console += (_, message) =>
        {
            // A refused request (409, 401) is logged by chromium as a failed resource load; that is expected.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                lock (_errors) _errors.Add("console: " + message.Text);
        };
    }

    public IPage Page { get; }

    public IBrowserContext Context => _context;

    public IReadOnlyList<string> Errors
    {
        get { lock (_errors) return [.. _errors]; }
    }

    public ILocator StatusBadge => Page.Locator(".ticket-head [data-status]");

    /// <summary>Waits until the ticket page shows <paramref name="status"/>.</summary>
    public Task ExpectStatusAsync(string status) => Assertions.Expect(StatusBadge).ToHaveAttributeAsync("data-status", status);

    /// <summary>Opens the dialog of an allowed operation.</summary>
    public async Task OpenOperationAsync(string operateKey)
    {
        await Page.Locator($"#op-{operateKey}").ClickAsync();
        await Assertions.Expect(Page.Locator("#op-dialog")).ToBeVisibleAsync();
    }

    /// <summary>Submits the open dialog and waits for it to close (the operation succeeded).</summary>
    public async Task SubmitOperationAsync()
    {
        await Page.Locator("#op-submit").ClickAsync();
        await Assertions.Expect(Page.Locator("#op-dialog")).ToBeHiddenAsync();
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
