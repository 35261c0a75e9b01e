using RunnerHarness.Aggregation;

namespace RunnerHarness.Reporting;

/// <summary>
/// Writes a report as GitHub-flavoured Markdown, e.g. for a CI step summary: a summary table, one row
/// per group, and the error categories with their share of errors and rate per test.
/// </summary>
internal sealed class MarkdownReportWriter : IReportWriter
{
    /// <inheritdoc />
    public string FormatName => "markdown";

    /// <inheritdoc />
    public string FileExtension => ".md";

    /// <inheritdoc/>
    public IReadOnlyList<string> FileExtensions { get; } = [".md", ".markdown"];

    /// <inheritdoc />
    public void Write(Report report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var view = report.View;
        var t = view.Totals;
        output.Write($"# {Cell(report.Title)}\n\n");
        output.Write($"Generated {ReportText.Timestamp(report.GeneratedAt)} from `{report.Source.Replace('`', '\'')}`.");
        output.Write(report.Filters.Count == 0 ? " No filters.\n\n" : $" Filters: {Cell(string.Join("; ", report.Filters))}.\n\n");
        foreach (var note in report.Notes)
        {
            output.Write($"> {Cell(note)}\n");
        }

        if (report.Notes.Count > 0)
        {
            output.Write('\n');
        }

        output.Write("## Summary\n\n");
        output.Write("| Model results | Success | Success rate | 95% CI | Full | Partial | Failed | Weighted score | Skipped | Infrastructure failures |\n");
        output.Write("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
        output.Write($"| {ReportText.Count(t.Total)} | {ReportText.Count(t.Success)} | {ReportText.Percent(t.SuccessRate.Rate)} | {ReportText.Interval(t.SuccessRate.Interval)} | {ReportText.Count(t.FullSuccess)} | {ReportText.Count(t.PartialSuccess)} | {ReportText.Count(t.Failed)} | {ReportText.Number(t.WeightedSuccessScore, 3)} | {ReportText.Count(t.Skipped)} | {ReportText.Count(t.InfrastructureFailures)} |\n\n");

        if (view.Dimensions.Count > 0)
        {
            output.Write($"## By {string.Join(" / ", view.Dimensions.Select(ReportText.Heading))}\n\n");
            output.Write("| " + string.Join(" | ", view.Dimensions.Select(ReportText.Heading)));
            output.Write(" | Total | Success rate | 95% CI | Full | Partial | Failed | Weighted | Mean duration (ms) | Mean turns | Mean tool calls | Mean final score | Tool coverage | Skipped | Infra |\n");
            output.Write("|" + string.Concat(view.Dimensions.Select(_ => "---|")) + "---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            foreach (var group in view.Groups)
            {
                var s = group.Statistics;
                output.Write("| " + string.Join(" | ", group.Key.Select((_, i) => Cell(group.Label(i)))));
                output.Write($" | {ReportText.Count(s.Total)} | {ReportText.Percent(s.SuccessRate.Rate)} | {ReportText.Interval(s.SuccessRate.Interval)} | {ReportText.Count(s.FullSuccess)} | {ReportText.Count(s.PartialSuccess)} | {ReportText.Count(s.Failed)} | {ReportText.Number(s.WeightedSuccessScore, 3)} | {ReportText.Number(s.Means.DurationMs, 1)} | {ReportText.Number(s.Means.Turns)} | {ReportText.Number(s.Means.ToolCalls)} | {ReportText.Number(s.Means.FinalScore, 3)} | {ReportText.Percent(s.Means.ToolCoverageRate)} | {ReportText.Count(s.Skipped)} | {ReportText.Count(s.InfrastructureFailures)} |\n");
            }

            output.Write('\n');
        }

        WriteCost(output, view);
        WriteErrors(output, t);
    }

    private static void WriteCost(TextWriter output, CumulativeView view)
    {
        var rows = ReportText.CostRows(view.Groups, view.Totals);
        if (rows.Count == 0)
        {
            return;
        }

        var by = ReportText.GroupHeading(view.Dimensions);
        output.Write("## Cost\n\n*Cost per sample* divides the total by the records that have a cost (`cost_usd`).\n\n");
        output.Write($"| {Cell(by)} | {string.Join(" | ", ReportText.CostHeadings)} |\n|---|---:|---:|---:|\n");
        foreach (var row in rows)
        {
            output.Write($"| {Cell(row[0])} | {string.Join(" | ", row.Skip(1))} |\n");
        }

        output.Write('\n');
    }

    private static void WriteErrors(TextWriter output, GroupStatistics t)
    {
        output.Write($"## Errors\n\n{ReportText.Count(t.TotalErrors)} model errors. *Share of errors* divides by the errors; *rate per test* by the {ReportText.Count(t.Total)} model results.\n\n");
        output.Write("| Category | Count | Share of errors | Rate per test |\n|---|---:|---:|---:|\n");
        foreach (var error in t.Errors)
        {
            output.Write($"| {error.Category} | {ReportText.Count(error.Count)} | {ReportText.Percent(error.ShareOfErrors)} | {ReportText.Percent(error.RatePerTest)} |\n");
        }

        if (t.InfrastructureFailures > 0)
        {
            var parts = t.InfrastructureByCategory.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {ReportText.Count(p.Value)}");
            output.Write($"\nInfrastructure failures (not in the model figures): {string.Join(", ", parts)}.\n");
        }
    }

    /// <summary>
    /// Makes text safe inside a table cell: Markdown's inline marks (backslash, pipe, backtick, asterisk,
    /// brackets) escaped, HTML angle brackets and line breaks neutralised, control characters made visible.
    /// </summary>
    private static string Cell(string text) => VisibleText.Of(text
        .Replace("\r", " ", StringComparison.Ordinal)
        .Replace("\n", " ", StringComparison.Ordinal))
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("`", "\\`", StringComparison.Ordinal)
        .Replace("*", "\\*", StringComparison.Ordinal)
        .Replace("[", "\\[", StringComparison.Ordinal)
        .Replace("]", "\\]", StringComparison.Ordinal)
        .Replace("|", "\\|", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);
}
