using System.Net;
using RunnerHarness.Aggregation;
using RunnerHarness.Reporting.Html;

namespace RunnerHarness.Reporting;

/// <summary>
/// Writes a report as one self-contained HTML page: inline CSS, inline SVG charts (a model x prompt-type heatmap,
/// success-rate bars with 95% whiskers, success by difficulty, error categories and cost per model, the run trends)
/// and, when the report carries samples, an interactive explorer (filter by any axis, group, sort, open a group to its
/// samples and a sample to its record and transcript, two models side by side on shared items). No network: the
/// Content-Security-Policy allows only the page's own script, by its SHA-256, and no URL. Every piece of text from
/// the store is HTML-encoded, or JSON-escaped inside the data block and set as text by the script, so a model named
/// <c>&lt;script&gt;</c> shows as text.
/// </summary>
internal sealed class HtmlReportWriter : IReportWriter
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1b1f24;background:#fff}
        h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
        table{border-collapse:collapse;font-size:.85rem}th,td{border:1px solid #d0d7de;padding:.25rem .5rem}
        th{background:#f6f8fa;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .meta{color:#57606a}.note{background:#fff8c5;padding:.5rem;border:1px solid #d4a72c}
        svg text{font-size:12px;fill:#1b1f24}svg .cell-label{font-size:11px}
        .scroll{max-width:100%;max-height:34rem;overflow:auto;border:1px solid #d0d7de}
        .scroll th{position:sticky;top:0}
        fieldset{border:1px solid #d0d7de;margin:.5rem 0}.control{margin-right:1rem;white-space:nowrap;display:inline-block}
        th.sortable{cursor:pointer}tr.group,tr.sample{cursor:pointer}tr.group:hover,tr.sample:hover{background:#ddf4ff}
        tr.differs td{background:#fff8c5}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
        dd{margin:0;white-space:pre-wrap;word-break:break-word;font-family:ui-monospace,monospace;font-size:.8rem}
        .msg{border-left:3px solid #d0d7de;margin:.4rem 0;padding:.2rem .6rem}.msg.judge{border-color:#8250df}.msg.test{border-color:#d4a72c}
        .msg.truncation{border-color:#cf222e;background:#fff8c5}.msg-head{font-size:.8rem;color:#57606a}.mark{font-weight:600;margin-left:.4rem}
        .msg pre{white-space:pre-wrap;word-break:break-word;margin:.2rem 0;font-size:.8rem}
        .hbar{display:flex;align-items:center;gap:.3rem;margin:.2rem 0}.hbar-label{width:16rem;text-align:right}
        .hbar-in{background:#66c2a5;height:1rem;display:inline-block}.hbar-out{background:#fc8d62;height:1rem;display:inline-block}
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
        output.Write($"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src {HtmlReportScript.CspSource}\">\n");
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
        }

        WriteModelCharts(output, report);
        WriteTrends(output, report.Trends);
        WriteExplorer(output, report);
        if (report.View.Dimensions.Count > 0)
        {
            WriteGroups(output, report.View);
        }

        WriteCost(output, report.View);
        WriteErrors(output, t);
        output.Write("</body>\n</html>\n");
    }

    private static void WriteModelCharts(TextWriter output, Report report)
    {
        var models = report.ModelByDifficulty.GroupsAt(1);
        if (models.Count == 0)
        {
            return;
        }

        output.Write("<h2>Success by difficulty per model (95% Wilson interval)</h2>\n");
        HtmlModelCharts.WriteDifficulty(output, report.ModelByDifficulty);
        output.Write("<h2>Model errors by category per model</h2>\n");
        HtmlModelCharts.WriteErrors(output, models);
        if (models.Any(m => m.Statistics.Cost.HasCost))
        {
            output.Write("<h2>Cost per sample per model</h2>\n");
            HtmlModelCharts.WriteCost(output, models);
        }
    }

    private static void WriteTrends(TextWriter output, RunTrends trends)
    {
        if (trends.Models.Count == 0)
        {
            return;
        }

        output.Write("<h2 id=\"trends\">Trends: success rate per run</h2>\n");
        output.Write($"<p>Runs in order of their earliest <code>finished_at</code>. A ringed red point differs significantly from the model's run before it: McNemar's exact test on the items both runs answered, else the unpaired test of the two rates; p-values adjusted by {E(ReportText.AdjustmentText(trends.Options.Adjustment))} across all changes, alpha {E(ReportText.Number(trends.Options.SignificanceLevel))}.</p>\n");
        if (trends.HasChanges)
        {
            HtmlModelCharts.WriteTrends(output, trends);
        }
        else
        {
            output.Write("<p class=\"meta\" id=\"trends-one-run\">Every model has one run so far: no trend to draw yet.</p>\n");
        }

        output.Write("<div class=\"scroll\"><table id=\"trend-table\"><tr>");
        output.Write(string.Concat(ReportText.TrendHeadings.Select(h => $"<th>{E(h)}</th>")));
        output.Write("</tr>\n");
        foreach (var row in ReportText.TrendRows(trends))
        {
            output.Write($"<tr><td>{E(row[0])}</td><td>{E(row[1])}</td><td>{E(row[2])}</td>{string.Concat(row.Skip(3).Select(N))}</tr>\n");
        }

        output.Write("</table></div>\n");
    }

    private static void WriteExplorer(TextWriter output, Report report)
    {
        var samples = report.Samples;
        if (!samples.IsCollected)
        {
            return;
        }

        output.Write("<h2 id=\"explore\">Explore the samples</h2>\n");
        if (samples.Records.Count == 0)
        {
            output.Write($"<p class=\"note\" id=\"explore-limit\">No records are embedded (limit {E(ReportText.Count(samples.Limit))}, set by <code>report --samples N</code>): the figures above are the whole store, aggregated.</p>\n");
            return;
        }

        var limit = samples.Skipped == 0
            ? $"All {ReportText.Count(samples.Records.Count)} records are embedded (up to {ReportText.Count(samples.Limit)}, set by report --samples N)."
            : $"Only the first {ReportText.Count(samples.Records.Count)} of {ReportText.Count(samples.Records.Count + samples.Skipped)} records are embedded (limit {ReportText.Count(samples.Limit)}, set by report --samples N): the explorer below covers them; the figures and charts above cover every record, aggregated.";
        output.Write($"<p class=\"{(samples.Skipped == 0 ? "meta" : "note")}\" id=\"explore-limit\">{E(limit)} Long text fields are cut at {E(ReportText.Count(HtmlReportData.TextLimit))} characters.</p>\n");
        WriteTranscriptsNote(output, report.Transcripts);
        output.Write("<div id=\"rh-controls\"><p class=\"meta\">The explorer needs JavaScript.</p></div>\n<p id=\"rh-count\" class=\"meta\"></p>\n");
        output.Write("<div class=\"scroll\"><table id=\"rh-groups\"></table></div>\n<div id=\"rh-samples\"></div>\n<div id=\"rh-record\"></div>\n");
        output.Write("<h2>Tokens per sample per model (embedded samples, as filtered)</h2>\n<div id=\"rh-tokens\"></div>\n");
        output.Write("<h2 id=\"side-by-side\">Two models side by side on the same items</h2>\n<div id=\"rh-side\"><div id=\"rh-side-result\"></div></div>\n");
        output.Write("<script type=\"application/json\" id=\"rh-data\">");
        HtmlReportData.Write(output, samples.Records, report.Transcripts);
        output.Write("</script>\n");
        output.Write($"<script id=\"rh-app\">{HtmlReportScript.Text}</script>\n");
    }

    // Said whenever the cap left a transcript out, so a sample without one is never mistaken for a sample that had none.
    private static void WriteTranscriptsNote(TextWriter output, ReportTranscripts transcripts)
    {
        if (transcripts.LeftOut > 0)
        {
            output.Write($"<p class=\"note\" id=\"transcripts-limit\">{E($"The transcripts of {ReportText.Count(transcripts.Count)} embedded records are embedded; those of the next {ReportText.Count(transcripts.LeftOut)} ({ReportText.Count(transcripts.LeftOutBytes)} bytes of message text) are left out: the page embeds at most {ReportText.Count(transcripts.MaxBytes)} bytes of transcripts. runner-harness show RECORD_ID prints any of them.")}</p>\n");
        }
        else if (transcripts.Count > 0)
        {
            output.Write($"<p class=\"meta\" id=\"transcripts-limit\">{E($"The transcripts of {ReportText.Count(transcripts.Count)} embedded records are embedded ({ReportText.Count(transcripts.Bytes)} bytes of message text, up to {ReportText.Count(transcripts.MaxBytes)}); each message's text is cut at {ReportText.Count(HtmlReportData.TextLimit)} characters.")}</p>\n");
        }
    }

    private static void WriteGroups(TextWriter output, CumulativeView view)
    {
        output.Write($"<h2>By {E(string.Join(" / ", view.Dimensions.Select(ReportText.Heading)))}</h2>\n<div class=\"scroll\"><table id=\"groups\"><tr>");
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

        output.Write("</table></div>\n");
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
