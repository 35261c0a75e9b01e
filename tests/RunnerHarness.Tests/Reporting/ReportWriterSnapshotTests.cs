using RunnerHarness.Reporting;
using RunnerHarness.Schema;
using Snapshooter.Xunit;

namespace RunnerHarness.Tests.Reporting;

public class ReportWriterSnapshotTests
{
    private static readonly DateTimeOffset FixedClock = new(2025, 8, 15, 9, 30, 0, TimeSpan.Zero);

    private static Report FixedReport() => new ReportBuilder([RecordColumns.Model, RecordColumns.PromptType])
        .AddRange(SampleRecords.All())
        .Build("Sample report", FixedClock, "sample-store", ["run_id = run-1 or run-2"]);

    private static string Render(IReportWriter writer)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        writer.Write(FixedReport(), text);
        return text.ToString();
    }

    [Fact]
    public void Markdown_FixedRecords_MatchesSnapshot() => Snapshot.Match(Render(new MarkdownReportWriter()));

    [Fact]
    public void Json_FixedRecords_MatchesSnapshot() => Snapshot.Match(Render(new JsonReportWriter()));

    [Fact]
    public void Csv_FixedRecords_MatchesSnapshot() => Snapshot.Match(Render(new CsvReportWriter()));

    [Fact]
    public void Html_ModelNameWithMarkup_IsEncoded()
    {
        var report = new ReportBuilder([RecordColumns.Model])
            .AddRange(SampleRecords.All("<script>alert(1)</script>"))
            .Build("T", FixedClock, "s");
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);

        new HtmlReportWriter().Write(report, text);

        Assert.DoesNotContain("<script", text.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Html_ModelNameWithMarkupInEmbeddedSamples_IsJsonEscapedAndRunsNoScript()
    {
        var report = new ReportBuilder([RecordColumns.Model], sampleLimit: 100)
            .AddRange(SampleRecords.All("</script><script>alert(1)</script>"))
            .Build("T", FixedClock, "s");
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);

        new HtmlReportWriter().Write(report, text);

        var html = text.ToString();
        // Only the report's own two script elements open, and the data block cannot be closed from inside.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "<script", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "</script", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.Contains("\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'sha256-", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Markdown_ModelNameWithPipe_DoesNotBreakTheTable()
    {
        var report = new ReportBuilder([RecordColumns.Model]).AddRange(SampleRecords.All("a|b")).Build("T", FixedClock, "s");
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);

        new MarkdownReportWriter().Write(report, text);

        Assert.Contains("| a\\|b |", text.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string> Writers => ["markdown", "json", "csv", "html"];

    [Theory]
    [MemberData(nameof(Writers))]
    public void Write_OneModelNameWithTwoModelIds_ShowsBothSnapshotsApart(string format)
    {
        // gpt-4o pointed at a new snapshot after half of its samples: each half carries its own model_id.
        var records = SampleRecords.All("gpt-4o")
            .Select((r, i) => new ResultRecordBuilder(r) { ModelId = i % 2 == 0 ? "gpt-4o-2024-05-13" : "gpt-4o-2024-08-06" }.Build());
        var report = new ReportBuilder([RecordColumns.Model, RecordColumns.PromptType]).AddRange(records).Build("T", FixedClock, "s");
        IReportWriter writer = format switch
        {
            "markdown" => new MarkdownReportWriter(),
            "json" => new JsonReportWriter(),
            "csv" => new CsvReportWriter(),
            _ => new HtmlReportWriter(),
        };
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);

        writer.Write(report, text);

        Assert.Contains("gpt-4o (gpt-4o-2024-05-13)", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("gpt-4o (gpt-4o-2024-08-06)", text.ToString(), StringComparison.Ordinal);
    }
}
