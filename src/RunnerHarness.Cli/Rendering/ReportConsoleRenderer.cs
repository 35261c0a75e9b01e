using RunnerHarness.Aggregation;
using RunnerHarness.Reporting;
using RunnerHarness.Schema;
using Spectre.Console;

namespace RunnerHarness.Cli.Rendering;

/// <summary>
/// Renders a <see cref="Report"/> on the console. The summary (the default) fits <see cref="SummaryWidth"/> columns:
/// totals, one row per model, success rates by model x difficulty (coloured on a terminal), the error categories and
/// how to get more. The detail adds the full table of the report's grouping instead of the per-model views.
/// </summary>
internal sealed class ReportConsoleRenderer(IAnsiConsole console, bool plain)
{
    /// <summary>The width the summary keeps to in plain output (model names are shortened to fit).</summary>
    public const int SummaryWidth = 100;

    private const string Ellipsis = "...";

    private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal)
    {
        "Results", "Success", "Rate", "Full", "Partial", "Failed", "Weighted", "Skipped", "Infra", "Count", "Share of errors", "Rate per test",
        "Mean ms", "Mean turns", "Final score", "Records with cost", "Total cost (USD)", "Cost per sample (USD)",
    };

    private static readonly string[] ModelColumns = ["Results", "Rate", "95% CI", "Weighted", "Full", "Partial", "Failed"];

    /// <summary>Writes <paramref name="report"/>: the summary, or with <paramref name="detail"/> the full table of its grouping.</summary>
    public void Render(Report report, bool detail = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        var tables = new TableOutput(console, plain);
        var t = report.View.Totals;
        Line($"{report.Title} - {ReportText.Timestamp(report.GeneratedAt)}");
        Line($"Store: {report.Source}");
        if (report.Filters.Count > 0)
        {
            Line($"Filters: {string.Join("; ", report.Filters)}");
        }

        Line($"{ReportText.Count(t.Total)} model results: success {ReportText.Percent(t.SuccessRate.Rate)} {ReportText.Interval(t.SuccessRate.Interval)}, " +
             $"weighted score {ReportText.Number(t.WeightedSuccessScore, 3)}");
        Line($"full {ReportText.Count(t.FullSuccess)}, partial {ReportText.Count(t.PartialSuccess)}, failed {ReportText.Count(t.Failed)}; " +
             $"not counted: skipped {ReportText.Count(t.Skipped)}, infrastructure failures {ReportText.Count(t.InfrastructureFailures)}");
        Line();

        if (detail)
        {
            WriteDetail(tables, report.View);
        }
        else
        {
            WriteModels(tables, report.ModelByDifficulty);
            WriteModelByDifficulty(tables, report.ModelByDifficulty);
        }

        WriteCost(tables, detail ? report.View : report.ModelByDifficulty, detail);
        tables.Write(
            $"Errors: {ReportText.Count(t.TotalErrors)} (share = count / errors; rate per test = count / {ReportText.Count(t.Total)} results)",
            ["Category", "Count", "Share of errors", "Rate per test"],
            t.Errors.Select(e => (IReadOnlyList<string>)[e.Category, ReportText.Count(e.Count), ReportText.Percent(e.ShareOfErrors), ReportText.Percent(e.RatePerTest)]),
            Numeric);
        if (!detail)
        {
            Line();
            Line("More: --detail for the full table, --group-by DIMS for other groupings, --open for the HTML report.");
        }
    }

    private void WriteDetail(TableOutput tables, CumulativeView view)
    {
        if (view.Dimensions.Count == 0)
        {
            return;
        }

        var headers = view.Dimensions.Select(ReportText.Heading)
            .Concat(["Results", "Success", "Rate", "95% CI", "Full", "Partial", "Failed", "Weighted", "Mean ms", "Mean turns", "Final score", "Skipped", "Infra"])
            .ToArray();
        tables.Write(null, headers, view.Groups.Select(DetailRow), Numeric);
        Line();
    }

    // The summary shows cost per model; the detail per group of the report's grouping.
    private void WriteCost(TableOutput tables, CumulativeView view, bool detail)
    {
        var groups = detail ? view.Groups : view.GroupsAt(1);
        var rows = ReportText.CostRows(groups, view.Totals);
        if (rows.Count == 0)
        {
            return;
        }

        var by = detail && view.Dimensions.Count > 0 ? string.Join(" / ", view.Dimensions.Select(ReportText.Heading)) : detail ? "Group" : "Model";
        tables.Write("Cost (per sample = total / records with a cost)", [by, .. ReportText.CostHeadings], rows, Numeric);
        Line();
    }

    private void WriteModels(TableOutput tables, CumulativeView modelByDifficulty)
    {
        var models = modelByDifficulty.GroupsAt(1);
        if (models.Count == 0)
        {
            return;
        }

        var cells = models.Select(g => ModelCells(g.Statistics)).ToList();
        var fixedWidth = ModelColumns.Select((h, i) => Math.Max(h.Length, cells.Max(c => c[i].Length)) + 2).Sum();
        var labelWidth = Math.Max("Model".Length, SummaryWidth - fixedWidth);
        tables.Write(
            "Per model (rate = full + partial successes / results)",
            ["Model", .. ModelColumns],
            models.Select((g, i) => (IReadOnlyList<string>)[Shorten(g.Label(0), labelWidth), .. cells[i]]),
            Numeric,
            (row, column) => column == 2 ? RateStyle(models[row].Statistics.SuccessRate.Rate) : null);
        Line();
    }

    private void WriteModelByDifficulty(TableOutput tables, CumulativeView modelByDifficulty)
    {
        var models = modelByDifficulty.GroupsAt(1);
        if (models.Count == 0)
        {
            return;
        }

        var difficulties = modelByDifficulty.Groups.Select(g => g.Key[1]).Distinct().Order(new DimensionValueComparer(RecordColumns.Difficulty)).ToList();
        var rows = models.Select(m => difficulties.Select(d => Find(modelByDifficulty, m.Key[0], d)).ToList()).ToList();
        var cells = rows.Select(r => r.Select(CellText).ToList()).ToList();
        var headers = difficulties.Select(d => d ?? GroupRow.MissingValue).ToList();
        var fixedWidth = headers.Select((h, i) => Math.Max(h.Length, cells.Max(c => c[i].Length)) + 2).Sum();
        var labelWidth = Math.Max("Model".Length, SummaryWidth - fixedWidth);
        if (labelWidth + fixedWidth > SummaryWidth)
        {
            Line($"Success by model x difficulty: {headers.Count} difficulties do not fit; see --group-by model,difficulty.");
            Line();
            return;
        }

        tables.Write(
            "Success rate (results) by model x difficulty",
            ["Model", .. headers],
            models.Select((m, i) => (IReadOnlyList<string>)[Shorten(m.Label(0), labelWidth), .. cells[i]]),
            new HashSet<string>(headers, StringComparer.Ordinal),
            (row, column) => column == 0 ? null : RateStyle(rows[row][column - 1]?.SuccessRate.Rate));
        Line();
    }

    private static GroupStatistics? Find(CumulativeView view, string? model, string? difficulty) =>
        view.Groups.FirstOrDefault(g => g.Key[0] == model && g.Key[1] == difficulty)?.Statistics;

    private static string CellText(GroupStatistics? statistics) =>
        statistics is null || statistics.Total == 0 ? ReportText.NotApplicable : $"{ReportText.Percent(statistics.SuccessRate.Rate)} ({ReportText.Count(statistics.Total)})";

    private static string[] ModelCells(GroupStatistics s) =>
    [
        ReportText.Count(s.Total), ReportText.Percent(s.SuccessRate.Rate), ReportText.Interval(s.SuccessRate.Interval), ReportText.Number(s.WeightedSuccessScore, 3),
        ReportText.Count(s.FullSuccess), ReportText.Count(s.PartialSuccess), ReportText.Count(s.Failed),
    ];

    /// <summary>Green from 80%, yellow from 50%, red below; no colour without a rate.</summary>
    private static Style? RateStyle(double? rate) => rate switch
    {
        null => (Style?)null,
        >= 0.8 => new Style(Color.Green),
        >= 0.5 => new Style(Color.Yellow),
        _ => new Style(Color.Red),
    };

    private static string Shorten(string label, int width) =>
        label.Length <= width ? label : string.Concat(label.AsSpan(0, Math.Max(1, width - Ellipsis.Length)), Ellipsis);

    private static IReadOnlyList<string> DetailRow(GroupRow group)
    {
        var s = group.Statistics;
        return
        [
            .. group.Key.Select((_, i) => group.Label(i)),
            ReportText.Count(s.Total), ReportText.Count(s.Success), ReportText.Percent(s.SuccessRate.Rate), ReportText.Interval(s.SuccessRate.Interval),
            ReportText.Count(s.FullSuccess), ReportText.Count(s.PartialSuccess), ReportText.Count(s.Failed), ReportText.Number(s.WeightedSuccessScore, 3),
            ReportText.Number(s.Means.DurationMs, 1), ReportText.Number(s.Means.Turns), ReportText.Number(s.Means.FinalScore, 3),
            ReportText.Count(s.Skipped), ReportText.Count(s.InfrastructureFailures),
        ];
    }

    private void Line(string text = "") => ConsoleText.Line(console, plain, text);
}
