using Microsoft.Playwright;

namespace RunnerHarness.Cli.Tests.Reporting;

/// <summary>
/// One test's session on a shared <see cref="Chromium"/>: each page in a browser context of its own (no storage, cache or
/// page shared with another test), closed with the session. Collects its pages' script errors and console errors (a CSP
/// violation is one), which tests assert empty.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IBrowser _browser;
    private readonly List<IBrowserContext> _contexts = [];

    internal Browser(IBrowser browser) => _browser = browser;

    /// <summary>Page errors and console errors seen so far.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Opens <paramref name="htmlFile"/> and waits until the report's script has rendered the explorer.</summary>
    public async Task<IPage> OpenAsync(string htmlFile, int width = 1400, int height = 1000)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
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
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }
}
