using System.Diagnostics;
using RunnerHarness.Tests.Reporting;

namespace RunnerHarness.Cli.Tests.Reporting;

/// <summary>
/// Opens the HTML report in headless Chromium. Skipped, naming the missing browser and how to install it, only where
/// /usr/bin/chromium does not exist; .ci/run apt-installs it, so CI always runs these.
/// </summary>
public class HtmlReportChromiumTests
{
    private const string Chromium = ChromiumFactAttribute.Path;
    private const string HostileModel = "<script>document.title='pwned';alert(1)</script>";

    [ChromiumFact]
    public void HtmlReport_InChromium_RendersHeatmapAndShowsScriptModelAsText()
    {
        using var cli = new CliRun(SampleRecords.All(HostileModel));
        var page = Path.Combine(cli.Directory, "report.html");
        Assert.Equal(ExitCodes.Success, cli.Run("report", "--store", cli.Store, "--format", "html", "--output", page, "--title", "Chromium check").ExitCode);

        var dom = RunChromium(cli.Directory, "--dump-dom", new Uri(page).AbsoluteUri);

        Assert.Contains("<title>Chromium check</title>", dom, StringComparison.Ordinal); // the script would have renamed it
        Assert.Contains("id=\"heatmap\"", dom, StringComparison.Ordinal);
        Assert.Contains("class=\"cell\"", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"bars\"", dom, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;document.title='pwned';alert(1)&lt;/script&gt;", dom, StringComparison.Ordinal);
        // The only scripts are the report's own: its data block (JSON, not run) and its script, allowed by hash.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(dom, "<script", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.Contains("<script type=\"application/json\" id=\"rh-data\">", dom, StringComparison.Ordinal);
        Assert.Contains("<script id=\"rh-app\">", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("pwned</title>", dom, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public void HtmlReport_InChromium_ScreenshotIsRendered()
    {
        using var cli = new CliRun();
        var page = Path.Combine(cli.Directory, "report.html");
        var png = Path.Combine(cli.Directory, "report.png");
        Assert.Equal(ExitCodes.Success, cli.Run("report", "--store", cli.Store, "--output", page).ExitCode);

        RunChromium(cli.Directory, $"--screenshot={png}", "--window-size=1280,1600", new Uri(page).AbsoluteUri);

        Assert.True(File.Exists(png), "Chromium wrote no screenshot.");
        Assert.True(new FileInfo(png).Length > 10_000, "The screenshot is too small to hold a rendered report.");
    }

    private static string RunChromium(string workDirectory, params string[] arguments)
    {
        var profile = Path.Combine(workDirectory, "chromium-profile-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDirectory,
        };
        foreach (var flag in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}",
        }.Concat(arguments))
        {
            start.ArgumentList.Add(flag);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("Chromium did not finish within 60 s.");
        }

        Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode}: {stderr.Result}");
        return stdout;
    }
}
