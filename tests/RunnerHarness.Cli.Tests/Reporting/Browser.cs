using Microsoft.Playwright;

namespace RunnerHarness.Cli.Tests.Reporting;

/// <summary>
/// Headless Debian Chromium under Playwright (<see cref="BrowserTypeLaunchOptions.ExecutablePath"/>: nothing is
/// downloaded). Collects the page's script errors and console errors (a CSP violation is one), which tests assert empty.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    /// <summary>Page errors and console errors seen so far.</summary>
    public List<string> Errors { get; } = [];

    public static async Task<Browser> OpenAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        });
        return new Browser(playwright, browser);
    }

    /// <summary>Opens <paramref name="htmlFile"/> and waits until the report's script has rendered the explorer.</summary>
    public async Task<IPage> OpenAsync(string htmlFile, int width = 1400, int height = 1000)
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        page.PageError += (_, error) => Errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Add(message.Text);
            }
        };
        // The page must need nothing from outside: any request other than the file itself fails the test.
        await page.RouteAsync("**/*", route =>
        {
            if (!route.Request.Url.StartsWith("file:", StringComparison.Ordinal))
            {
                Errors.Add($"network request: {route.Request.Url}");
                return route.AbortAsync();
            }

            return route.ContinueAsync();
        });
        await page.GotoAsync(new Uri(htmlFile).AbsoluteUri, new PageGotoOptions { Timeout = 120_000 });
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 120_000 });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
