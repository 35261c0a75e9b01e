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
    public void Markdown_ModelNameWithPipe_DoesNotBreakTheTable()
    {
        var report = new ReportBuilder([RecordColumns.Model]).AddRange(SampleRecords.All("a|b")).Build("T", FixedClock, "s");
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);

        new MarkdownReportWriter().Write(report, text);

        Assert.Contains("| a\\|b |", text.ToString(), StringComparison.Ordinal);
    }
}
