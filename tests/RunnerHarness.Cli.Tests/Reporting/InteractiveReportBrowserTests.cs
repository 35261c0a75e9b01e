using System.Diagnostics;
using Microsoft.Playwright;
using RunnerHarness.Aggregation;
using RunnerHarness.Reporting;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Tests;
using RunnerHarness.Tests.Reporting;
using RunnerHarness.Transcripts;
using Xunit.Abstractions;

namespace RunnerHarness.Cli.Tests.Reporting;

/// <summary>
/// The interactive HTML report in a real browser: Playwright driving Debian's Chromium (no browser download), the page
/// opened from a file as a reader would, every check made on what the page shows after clicks.
/// </summary>
public sealed class InteractiveReportBrowserTests(Chromium chromium, ITestOutputHelper log) : IClassFixture<Chromium>
{
    [ChromiumFact]
    public async Task Report_FilterThenGroupThenSample_ShowsThatSamplesRecord()
    {
        using var cli = new CliRun(SampleRecords.All());
        var html = WriteReport(cli);
        await using var browser = await chromium.OpenAsync();
        var page = await browser.OpenAsync(html);

        await page.SelectOptionAsync("#rh-filter-model", new SelectOptionValue { Label = "beta" });
        await page.SelectOptionAsync("#rh-filter-run_id", new SelectOptionValue { Label = "run-2" });
        var groups = page.Locator("#rh-groups tr.group");
        Assert.Equal(2, await groups.CountAsync()); // beta x (baseline, cot)
        Assert.Equal(["beta", "baseline"], (await groups.Nth(0).Locator("td").AllTextContentsAsync()).Take(2));

        await groups.Nth(0).ClickAsync();
        var samples = page.Locator("#rh-sample-table tr.sample");
        Assert.Equal(10, await samples.CountAsync()); // 2 difficulties x 5 samples
        Assert.Contains("Samples of Model = beta, Prompt type = baseline (10)", await page.Locator("#rh-samples h3").TextContentAsync(), StringComparison.Ordinal);

        var recordId = await samples.Nth(0).GetAttributeAsync("data-record");
        var expected = SampleRecords.All().Single(r => r.RecordId == recordId);
        await samples.Nth(0).ClickAsync();
        var fields = await Fields(page);
        Assert.Equal(expected.RecordId, fields["record_id"]);
        Assert.Equal("beta", fields["model"]);
        Assert.Equal("run-2", fields["run_id"]);
        Assert.Equal(expected.CaseKey, fields["case_key"]);
        Assert.Equal(RecordValues.ToWire(expected.Outcome), fields["outcome"]);
        Assert.Equal("No transcript is stored for this record.", await page.Locator("#rh-transcript p").TextContentAsync());
    }

    [ChromiumFact]
    public async Task Report_SortAndRegroup_ReordersTheGroupsTable()
    {
        using var cli = new CliRun(SampleRecords.All());
        var html = WriteReport(cli);
        await using var browser = await chromium.OpenAsync();
        var page = await browser.OpenAsync(html);

        await page.UncheckAsync("#rh-group-prompt_type");
        await page.CheckAsync("#rh-group-run_id");
        var rows = page.Locator("#rh-groups tr.group");
        Assert.Equal(4, await rows.CountAsync()); // 2 models x 2 runs
        await page.Locator("#rh-groups th", new() { HasText = "Success rate" }).ClickAsync(); // ascending
        var lowest = await rows.Nth(0).Locator("td").AllTextContentsAsync();
        Assert.Equal(["beta", "run-2"], lowest.Take(2)); // beta got much worse in run-2
        await page.Locator("#rh-groups th", new() { HasText = "Success rate" }).ClickAsync(); // descending
        Assert.NotEqual("run-2", (await rows.Nth(0).Locator("td").AllTextContentsAsync())[1]);
    }

    [ChromiumFact]
    public async Task Report_Charts_ShowDifficultyErrorsAndTrendsPerModel()
    {
        using var cli = new CliRun(SampleRecords.All());
        var html = WriteReport(cli);
        await using var browser = await chromium.OpenAsync();
        var page = await browser.OpenAsync(html);

        // 2 models x 2 difficulties, each a bar with its rate as the tooltip.
        var bars = await page.Locator("#chart-difficulty rect.bar title").AllTextContentsAsync();
        Assert.Equal(4, bars.Count);
        Assert.Contains(bars, t => t.StartsWith("beta / hard:", StringComparison.Ordinal));
        Assert.Equal(2, await page.Locator("#chart-errors > text[text-anchor='end']").CountAsync());
        // Trends: one point per model and run, and the table with beta's change from run-1 to run-2.
        Assert.Equal(4, await page.Locator("#chart-trends circle.run").CountAsync());
        var betaRun2 = await page.Locator("#trend-table tr", new() { HasText = "beta" }).Nth(1).Locator("td").AllTextContentsAsync();
        Assert.Equal(["beta", "run-2"], betaRun2.Take(2));
        Assert.Equal("21.1%", betaRun2[4]);
        Assert.Equal("sign_flip_permutation", betaRun2[7]);
        Assert.True(await page.Locator("#groups").IsVisibleAsync());

        // The wide table scrolls in its own box: on a narrow page the table is wider than its box, the box no wider than the page.
        await page.SetViewportSizeAsync(700, 900);
        var widths = await page.EvaluateAsync<int[]>(
            "() => { const box = document.querySelector('#groups').parentElement; return [box.scrollWidth, box.clientWidth, document.documentElement.clientWidth]; }");
        Assert.Equal("auto", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('#groups').parentElement).overflowX"));
        Assert.True(widths[0] > widths[1] && widths[1] <= widths[2], $"table {widths[0]} px, its box {widths[1]} px, the page {widths[2]} px");
    }

    [ChromiumFact]
    public async Task Report_SideBySide_PairsTheTwoModelsOnSharedItems()
    {
        using var cli = new CliRun(SampleRecords.All());
        var html = WriteReport(cli);
        await using var browser = await chromium.OpenAsync();
        var page = await browser.OpenAsync(html);

        await page.SelectOptionAsync("#rh-filter-run_id", new SelectOptionValue { Label = "run-1" });
        await page.SelectOptionAsync("#rh-side-a", new SelectOptionValue { Label = "alpha" });
        await page.SelectOptionAsync("#rh-side-b", new SelectOptionValue { Label = "beta" });

        // Items are cells without the model: 2 prompt types x 2 difficulties, each answered by both models in run-1.
        var summary = await page.Locator("#rh-side-summary").TextContentAsync();
        Assert.StartsWith("4 shared items:", summary, StringComparison.Ordinal);
        Assert.Equal(["Item", "alpha", "beta"], await page.Locator("#rh-side-table th").AllTextContentsAsync());
        Assert.Equal(4, await page.Locator("#rh-side-table tr").CountAsync() - 1);
    }

    [ChromiumFact]
    public async Task Report_HostileModelName_ShowsAsTextAndRunsNoScriptOfTheStore()
    {
        const string hostile = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>";
        using var cli = new CliRun(SampleRecords.All(hostile));
        var html = WriteReport(cli);
        await using var browser = await chromium.OpenAsync();
        var page = await browser.OpenAsync(html);

        Assert.Equal("Browser check", await page.TitleAsync());
        Assert.Contains(hostile, await page.Locator("#rh-filter-model").InnerTextAsync(), StringComparison.Ordinal);
        await page.SelectOptionAsync("#rh-filter-model", new SelectOptionValue { Label = hostile });
        await page.Locator("#rh-groups tr.group").First.ClickAsync();
        await page.Locator("#rh-sample-table tr.sample").First.ClickAsync();
        Assert.Equal(hostile, (await Fields(page))["model"]);
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(2, await page.Locator("script").CountAsync()); // the data block and the report's own script
        Assert.Equal("Browser check", await page.TitleAsync());
        Assert.Empty(browser.Errors);
    }

    [ChromiumFact]
    public async Task Report_OneHundredThousandRecords_LoadsAndFilters()
    {
        using var cli = new CliRun(LargeStore.Records(100_000));
        var clock = Stopwatch.StartNew();
        var html = WriteReport(cli);
        log.WriteLine($"report of 100,000 records written in {clock.ElapsedMilliseconds} ms, {new FileInfo(html).Length / 1_000_000.0:0.0} MB");
        await using var browser = await chromium.OpenAsync();
        clock.Restart();
        var page = await browser.OpenAsync(html);
        log.WriteLine($"page loaded and explorer ready in {clock.ElapsedMilliseconds} ms");
        Assert.Equal("100000 of 100000 embedded records match; 40 groups.", await page.Locator("#rh-count").TextContentAsync());

        clock.Restart();
        await page.SelectOptionAsync("#rh-filter-model", new SelectOptionValue { Label = "gpt-4o-mini" });
        Assert.Equal("25000 of 100000 embedded records match; 10 groups.", await page.Locator("#rh-count").TextContentAsync());
        log.WriteLine($"filter applied in {clock.ElapsedMilliseconds} ms");
        Assert.Contains("All 100000 records are embedded", await page.Locator("#explore-limit").TextContentAsync(), StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task Report_PastTheSampleLimit_SaysTheExplorerCoversOnlyPart()
    {
        using var cli = new CliRun(SampleRecords.All());
        var html = WriteReport(cli, "--samples", "30");
        await using var browser = await chromium.OpenAsync();
        var page = await browser.OpenAsync(html);

        Assert.StartsWith("Only the first 30 of 80 records are embedded", await page.Locator("#explore-limit").TextContentAsync(), StringComparison.Ordinal);
        Assert.StartsWith("30 of 30 embedded records match", await page.Locator("#rh-count").TextContentAsync(), StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task Report_SampleWithTranscript_ShowsItsMessagesToolCallIdsAndHostileTextAsText()
    {
        const string hostile = "</script><img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>";
        var records = SampleRecords.All().ToList();
        var opened = records[0];
        using var cli = new CliRun([]);
        using (var writer = RecordWriter.Open(new StoreLayout(cli.Store), SampleHoldings.Rule, StorageFormat.Json, "transcript-run"))
        {
            foreach (var record in records)
            {
                writer.Append(record, record == opened ? Conversation(opened.Model!, hostile) : []);
            }
        }

        var html = WriteReport(cli);
        await using var browser = await chromium.OpenAsync();
        var page = await browser.OpenAsync(html);
        Assert.StartsWith("The transcripts of 1 embedded records are embedded", await page.Locator("#transcripts-limit").TextContentAsync(), StringComparison.Ordinal);

        await page.SelectOptionAsync("#rh-filter-model", new SelectOptionValue { Label = opened.Model! });
        await page.SelectOptionAsync("#rh-filter-run_id", new SelectOptionValue { Label = opened.RunId! });
        await page.SelectOptionAsync("#rh-filter-prompt_type", new SelectOptionValue { Label = opened.PromptType! });
        await page.Locator("#rh-groups tr.group").First.ClickAsync();
        await page.Locator("#rh-sample-table tr.sample", new() { HasText = opened.RecordId }).ClickAsync();

        var messages = page.Locator("#rh-transcript div.msg");
        Assert.Equal(6, await messages.CountAsync());
        Assert.Equal(["system", "user", "assistant", "tool", "assistant", "assistant"], await messages.EvaluateAllAsync<string[]>("ms => ms.map(m => m.dataset.role)"));
        Assert.Equal("Where is order 4411?", await messages.Nth(1).Locator("pre.rh-content").TextContentAsync());
        Assert.Contains($"[1] user ({opened.Model})", await messages.Nth(1).Locator(".msg-head").TextContentAsync(), StringComparison.Ordinal);
        var call = messages.Nth(2).Locator(".rh-tool-call");
        Assert.Equal("call_7f3a", await call.GetAttributeAsync("data-call-id"));
        Assert.Equal("tool call call_7f3a: lookup_order", await call.Locator("div").TextContentAsync());
        Assert.Equal("{\"order_id\":\"4411\"}", await call.Locator("pre").TextContentAsync());
        Assert.Equal("result of tool call call_7f3a", await messages.Nth(3).Locator(".rh-tool-result").TextContentAsync());
        Assert.Equal(hostile, await messages.Nth(3).Locator("pre.rh-content").TextContentAsync());
        Assert.Equal("attached by the test", await messages.Nth(4).Locator(".mark").TextContentAsync());
        Assert.Equal("judge", await messages.Nth(5).Locator(".mark").TextContentAsync());
        Assert.Contains("(judge-large)", await messages.Nth(5).Locator(".msg-head").TextContentAsync(), StringComparison.Ordinal);

        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(2, await page.Locator("script").CountAsync()); // the data block and the report's own script
        Assert.Equal("Browser check", await page.TitleAsync());
        Assert.Empty(browser.Errors);
    }

    [ChromiumFact]
    public async Task Report_TranscriptsPastTheCap_SaysSoAboveTheExplorerAndOnTheSample()
    {
        var records = SampleRecords.All().ToList();
        var stored = records.ToDictionary(r => r.RecordId, r => (IReadOnlyList<TranscriptMessage>)Conversation(r.Model!, "{\"status\":\"delivered\"}"));
        var perTranscript = stored[records[0].RecordId].Sum(m => m.Size);
        var report = new ReportBuilder([RecordColumns.Model, RecordColumns.PromptType], sampleLimit: 100)
            .AddRange(records)
            .Build("Browser check", DateTimeOffset.UnixEpoch, "store");
        report = report with { Transcripts = ReportTranscripts.Take(records, stored, maxBytes: perTranscript * 3) };
        using var directory = new TemporaryDirectory();
        var html = Path.Combine(directory.Path, "report.html");
        using (var file = new StreamWriter(html))
        {
            new HtmlReportWriter().Write(report, file);
        }

        await using var browser = await chromium.OpenAsync();
        var page = await browser.OpenAsync(html);
        Assert.StartsWith($"The transcripts of 3 embedded records are embedded; those of the next {records.Count - 3} ", await page.Locator("#transcripts-limit").TextContentAsync(), StringComparison.Ordinal);

        var leftOut = records[^1];
        await page.SelectOptionAsync("#rh-filter-model", new SelectOptionValue { Label = leftOut.Model! });
        await page.SelectOptionAsync("#rh-filter-run_id", new SelectOptionValue { Label = leftOut.RunId! });
        await page.SelectOptionAsync("#rh-filter-prompt_type", new SelectOptionValue { Label = leftOut.PromptType! });
        await page.Locator("#rh-groups tr.group").First.ClickAsync();
        await page.Locator("#rh-sample-table tr.sample", new() { HasText = leftOut.RecordId }).ClickAsync();
        Assert.StartsWith("This record has a stored transcript, left out of the page by its cap", await page.Locator("#rh-transcript p").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#rh-transcript div.msg").CountAsync());
        Assert.Empty(browser.Errors);
    }

    private static List<TranscriptMessage> Conversation(string model, string toolResult) =>
    [
        new() { Role = TranscriptRoles.System, Model = model, Content = "You are a support agent." },
        new() { Role = TranscriptRoles.User, Model = model, Content = "Where is order 4411?" },
        new() { Role = TranscriptRoles.Assistant, Model = model, ToolCalls = [new TranscriptToolCall("call_7f3a", "lookup_order", """{"order_id":"4411"}""")] },
        new() { Role = TranscriptRoles.Tool, Model = model, ToolCallId = "call_7f3a", Content = toolResult },
        new() { Role = TranscriptRoles.Assistant, Kind = TranscriptKinds.Test, Content = "Order 4411 was delivered yesterday." },
        new() { Role = TranscriptRoles.Assistant, Kind = TranscriptKinds.Judge, Model = "judge-large", Content = "5" },
    ];

    private static string WriteReport(CliRun cli, params string[] extra)
    {
        var html = Path.Combine(cli.Directory, "report.html");
        var run = cli.Run(["report", "--store", cli.Store, "--output", html, "--title", "Browser check", .. extra]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        return html;
    }

    private static async Task<Dictionary<string, string>> Fields(IPage page)
    {
        var names = await page.Locator("#rh-record-fields dt").AllTextContentsAsync();
        var values = await page.Locator("#rh-record-fields dd").AllTextContentsAsync();
        return names.Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }
}
