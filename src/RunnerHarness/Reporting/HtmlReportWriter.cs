using System.Net;
using RunnerHarness.Aggregation;

namespace RunnerHarness.Reporting;

/// <summary>
/// Writes a report as one self-contained HTML page: inline CSS and inline SVG charts (a model x
/// prompt-type success-rate heatmap and success-rate bars with 95% interval whiskers), no script and no
/// network access; a Content-Security-Policy forbids both in case a future change slips. Every piece of
/// text from the store is HTML-encoded, so a model named <c>&lt;script&gt;</c> shows as text.
/// </summary>
public sealed class HtmlReportWriter : IReportWriter
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1b1f24;background:#fff}
        h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
        table{border-collapse:collapse;font-size:.85rem}th,td{border:1px solid #d0d7de;padding:.25rem .5rem}
        th{background:#f6f8fa;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .meta{color:#57606a}.note{background:#fff8c5;padding:.5rem;border:1px solid #d4a72c}
        svg text{font-size:12px;fill:#1b1f24}svg .cell-label{font-size:11px}
        """;

    /// <inheritdoc />
    public string FormatName => "html";

    /// <inheritdoc />
    public string FileExtension => ".html";

    /// <inheritdoc/>
    public IReadOnlyList<string> FileExtensions { get; } = [".html", ".htm"];

    /// <inheritdoc />
    public void Write(Report report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var t = report.View.Totals;
        output.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        output.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        output.Write($"<title>{E(report.Title)}</title>\n<style>{Style}</style>\n</head>\n<body>\n");
        output.Write($"<h1>{E(report.Title)}</h1>\n");
        output.Write($"<p class=\"meta\">Generated {E(ReportText.Timestamp(report.GeneratedAt))} from <code>{E(report.Source)}</code>. ");
        output.Write(report.Filters.Count == 0 ? "No filters." : $"Filters: {E(string.Join("; ", report.Filters))}.");
        output.Write("</p>\n");
        foreach (var note in report.Notes)
        {
            output.Write($"<p class=\"note\">{E(note)}</p>\n");
        }

        output.Write("<h2>Summary</h2>\n<table id=\"summary\"><tr><th>Model results</th><th>Success</th><th>Success rate</th><th>95% CI</th><th>Full</th><th>Partial</th><th>Failed</th><th>Weighted score</th><th>Skipped</th><th>Infrastructure failures</th></tr>\n");
        output.Write($"<tr>{N(ReportText.Count(t.Total))}{N(ReportText.Count(t.Success))}{N(ReportText.Percent(t.SuccessRate.Rate))}{N(ReportText.Interval(t.SuccessRate.Interval))}{N(ReportText.Count(t.FullSuccess))}{N(ReportText.Count(t.PartialSuccess))}{N(ReportText.Count(t.Failed))}{N(ReportText.Number(t.WeightedSuccessScore, 3))}{N(ReportText.Count(t.Skipped))}{N(ReportText.Count(t.InfrastructureFailures))}</tr></table>\n");

        output.Write("<h2>Success rate by model and prompt type</h2>\n");
        HtmlCharts.WriteHeatmap(output, report.ModelByPromptType);
        if (report.View.Dimensions.Count > 0)
        {
            output.Write($"<h2>Success rate by {E(ReportText.Heading(report.View.Dimensions[0]).ToLowerInvariant())} (95% Wilson interval)</h2>\n");
            HtmlCharts.WriteBars(output, report.View.GroupsAt(1));
            WriteGroups(output, report.View);
        }

        WriteCost(output, report.View);
        WriteErrors(output, t);
        output.Write("</body>\n</html>\n");
    }

    private static void WriteGroups(TextWriter output, CumulativeView view)
    {
        output.Write($"<h2>By {E(string.Join(" / ", view.Dimensions.Select(ReportText.Heading)))}</h2>\n<table id=\"groups\"><tr>");
        foreach (var dimension in view.Dimensions)
        {
            output.Write($"<th>{E(ReportText.Heading(dimension))}</th>");
        }

        output.Write("<th>Total</th><th>Success rate</th><th>95% CI</th><th>Full</th><th>Partial</th><th>Failed</th><th>Weighted</th><th>Mean duration (ms)</th><th>Mean turns</th><th>Mean final score</th><th>Skipped</th><th>Infra</th></tr>\n");
        foreach (var group in view.Groups)
        {
            var s = group.Statistics;
            output.Write("<tr>");
            for (var i = 0; i < group.Key.Count; i++)
            {
                output.Write($"<td>{E(group.Label(i))}</td>");
            }

            output.Write($"{N(ReportText.Count(s.Total))}{N(ReportText.Percent(s.SuccessRate.Rate))}{N(ReportText.Interval(s.SuccessRate.Interval))}{N(ReportText.Count(s.FullSuccess))}{N(ReportText.Count(s.PartialSuccess))}{N(ReportText.Count(s.Failed))}{N(ReportText.Number(s.WeightedSuccessScore, 3))}{N(ReportText.Number(s.Means.DurationMs, 1))}{N(ReportText.Number(s.Means.Turns))}{N(ReportText.Number(s.Means.FinalScore, 3))}{N(ReportText.Count(s.Skipped))}{N(ReportText.Count(s.InfrastructureFailures))}</tr>\n");
        }

        output.Write("</table>\n");
    }

    private static void WriteCost(TextWriter output, CumulativeView view)
    {
        var rows = ReportText.CostRows(view.Groups, view.Totals);
        if (rows.Count == 0)
        {
            return;
        }

        var by = ReportText.GroupHeading(view.Dimensions);
        output.Write("<h2>Cost</h2>\n<p><em>Cost per sample</em> divides the total by the records that have a cost (<code>cost_usd</code>).</p>\n");
        output.Write($"<table id=\"cost\"><tr><th>{E(by)}</th>{string.Concat(ReportText.CostHeadings.Select(h => $"<th>{E(h)}</th>"))}</tr>\n");
        foreach (var row in rows)
        {
            output.Write($"<tr><td>{E(row[0])}</td>{string.Concat(row.Skip(1).Select(N))}</tr>\n");
        }

        output.Write("</table>\n");
    }

    private static void WriteErrors(TextWriter output, GroupStatistics t)
    {
        output.Write($"<h2>Errors</h2>\n<p>{E(ReportText.Count(t.TotalErrors))} model errors. <em>Share of errors</em> divides by the errors; <em>rate per test</em> by the {E(ReportText.Count(t.Total))} model results.</p>\n");
        output.Write("<table id=\"errors\"><tr><th>Category</th><th>Count</th><th>Share of errors</th><th>Rate per test</th></tr>\n");
        foreach (var error in t.Errors)
        {
            output.Write($"<tr><td>{E(error.Category)}</td>{N(ReportText.Count(error.Count))}{N(ReportText.Percent(error.ShareOfErrors))}{N(ReportText.Percent(error.RatePerTest))}</tr>\n");
        }

        output.Write("</table>\n");
    }

    private static string N(string text) => $"<td class=\"n\">{E(text)}</td>";

    internal static string E(string text) => WebUtility.HtmlEncode(text);
}
