using RunnerHarness.Reporting;
using Spectre.Console;

namespace RunnerHarness.Cli.Rendering;

/// <summary>Renders <c>report --by-run</c>: each model's success rate per run, and the runs that differ significantly from the one before.</summary>
internal sealed class TrendConsoleRenderer(IAnsiConsole console, bool plain)
{
    private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal) { "Results", "Rate", "Change", "Pairs", "p (adj.)" };

    /// <summary>Writes the trends of <paramref name="report"/>.</summary>
    public void Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var trends = report.Trends;
        ConsoleText.Line(console, plain, $"{report.Title} - {ReportText.Timestamp(report.GeneratedAt)}");
        ConsoleText.Line(console, plain, $"Store: {report.Source}");
        if (report.Filters.Count > 0)
        {
            ConsoleText.Line(console, plain, $"Filters: {string.Join("; ", report.Filters)}");
        }

        if (trends.Models.Count == 0)
        {
            ConsoleText.Line(console, plain, "No model results: no trends.");
            return;
        }

        var rows = ReportText.TrendRows(trends);
        new TableOutput(console, plain).Write(
            "Success rate per run (runs in order of their earliest finished_at; change = this run - the model's run before)",
            ReportText.TrendHeadings,
            rows,
            Numeric,
            (row, column) => column == 10 && rows[row][10].Length > 0 ? new Style(rows[row][10] == "DROP" ? Color.Red : Color.Green) : (Style?)null);
        var flagged = trends.Models.Sum(m => m.Runs.Count(r => r.IsSignificant));
        ConsoleText.Line(console, plain,
            $"{flagged} significant change(s) at alpha {trends.Options.SignificanceLevel.ToString(System.Globalization.CultureInfo.InvariantCulture)}, " +
            $"p-values adjusted by {ReportText.AdjustmentText(trends.Options.Adjustment)} across all changes. " +
            "Paired when two runs share items (McNemar; sign-flip with repeated samples per item), else the unpaired test of the rates.");
    }
}
