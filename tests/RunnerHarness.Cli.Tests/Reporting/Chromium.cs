using Microsoft.Playwright;

namespace RunnerHarness.Cli.Tests.Reporting;

/// <summary>
/// One headless Debian Chromium under Playwright for a test class (a class fixture), launched when its first test opens a
/// <see cref="Browser"/> (<see cref="BrowserTypeLaunchOptions.ExecutablePath"/>: nothing is downloaded). Each test's
/// <see cref="Browser"/> opens its pages in contexts of their own, so tests share the process (its start-up is most of a
/// short test's CPU) but no page, storage or error.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private readonly Lock _gate = new();
    private Task<(IPlaywright Playwright, IBrowser Browser)>? _launch;

    /// <summary>A browser session of its own on this Chromium, which is launched the first time.</summary>
    public async Task<Browser> OpenAsync()
    {
        lock (_gate)
        {
            _launch ??= LaunchAsync();
        }

        return new Browser((await _launch).Browser);
    }

    // Launched by the first test that needs it: a class whose tests are skipped (no Chromium) starts nothing.
    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_launch is { IsCompletedSuccessfully: true })
        {
            var (playwright, browser) = await _launch;
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        });
        return (playwright, browser);
    }
}
