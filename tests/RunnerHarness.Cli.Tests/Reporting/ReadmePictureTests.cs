using Microsoft.Playwright;
using RunnerHarness.Tests.Reporting;

namespace RunnerHarness.Cli.Tests.Reporting;

/// <summary>
/// Takes the README's picture of the interactive report with Playwright: a group opened to its samples and one sample
/// to its record. <c>scripts/render-report-image.sh</c> runs this test with <c>RUNNER_HARNESS_README_REPORT</c> (the
/// WorkflowBench sample's report) and <c>RUNNER_HARNESS_README_IMAGE</c> (where the picture goes); without them the test
/// pictures the fixed sample records into its own folder, so it checks the same clicks on every run.
/// </summary>
public sealed class ReadmePictureTests(Chromium chromium) : IClassFixture<Chromium>
{
    [ChromiumFact]
    public async Task ReadmePicture_GroupAndSampleOpened_IsWritten()
    {
        using var cli = new CliRun(SampleRecords.All());
        var html = Environment.GetEnvironmentVariable("RUNNER_HARNESS_README_REPORT");
        if (string.IsNullOrEmpty(html))
        {
            html = Path.Combine(cli.Directory, "report.html");
            Assert.Equal(ExitCodes.Success, cli.Run("report", "--store", cli.Store, "--output", html, "--title", "Sample report").ExitCode);
        }

        var image = Environment.GetEnvironmentVariable("RUNNER_HARNESS_README_IMAGE") is { Length: > 0 } target ? target : Path.Combine(cli.Directory, "report.png");
        await using var browser = await chromium.OpenAsync();
        var page = await browser.OpenAsync(html, width: 1280, height: 1400);

        await page.Locator("#rh-groups tr.group").Nth(1).ClickAsync();
        await page.Locator("#rh-sample-table tr.sample").First.ClickAsync();
        Assert.NotEmpty(await page.Locator("#rh-record-fields dd").AllTextContentsAsync());
        await page.Locator("#explore").ScrollIntoViewIfNeededAsync();
        await page.EvaluateAsync("() => window.scrollTo(0, document.getElementById('explore').offsetTop - 8)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = image });

        Assert.True(new FileInfo(image).Length > 10_000, $"{image} is too small to hold the rendered report.");
        Assert.Empty(browser.Errors);
    }
}
