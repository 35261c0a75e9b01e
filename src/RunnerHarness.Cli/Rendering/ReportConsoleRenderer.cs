using RunnerHarness.Aggregation;
using RunnerHarness.Reporting;
using Spectre.Console;

namespace RunnerHarness.Cli.Rendering;

/// <summary>Renders a <see cref="Report"/> on the console: summary, one row per group, and the error categories.</summary>
public sealed class ReportConsoleRenderer(IAnsiConsole console, bool plain)
{
    private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal)
    {
        "Results", "Success", "Rate", "Full", "Partial", "Failed", "Weighted", "Skipped", "Infra", "Count", "Share of errors", "Rate per test",
        "Mean ms", "Mean turns", "Final score",
    };

    /// <summary>Writes <paramref name="report"/>.</summary>
    public void Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var tables = new TableOutput(console, plain);
        var view = report.View;
        var t = view.Totals;
        ConsoleText.Line(console, plain, $"{report.Title} - {ReportText.Timestamp(report.GeneratedAt)} - {report.Source}");
        if (report.Filters.Count > 0)
        {
            ConsoleText.Line(console, plain, $"Filters: {string.Join("; ", report.Filters)}");
        }

        ConsoleText.Line(console, plain, 
            $"{ReportText.Count(t.Total)} model results: success {ReportText.Percent(t.SuccessRate.Rate)} {ReportText.Interval(t.SuccessRate.Interval)} " +
            $"(full {ReportText.Count(t.FullSuccess)}, partial {ReportText.Count(t.PartialSuccess)}, failed {ReportText.Count(t.Failed)}), " +
            $"weighted score {ReportText.Number(t.WeightedSuccessScore, 3)}; skipped {ReportText.Count(t.Skipped)}, infrastructure failures {ReportText.Count(t.InfrastructureFailures)} (not counted).");
        ConsoleText.Line(console, plain);

        if (view.Dimensions.Count > 0)
        {
            var headers = view.Dimensions.Select(ReportText.Heading)
                .Concat(["Results", "Success", "Rate", "95% CI", "Full", "Partial", "Failed", "Weighted", "Mean ms", "Mean turns", "Final score", "Skipped", "Infra"])
                .ToArray();
            tables.Write(null, headers, view.Groups.Select(g => Row(g)), Numeric);
            ConsoleText.Line(console, plain);
        }

        tables.Write(
            $"Errors: {ReportText.Count(t.TotalErrors)} (share of errors = count / errors; rate per test = count / {ReportText.Count(t.Total)} results)",
            ["Category", "Count", "Share of errors", "Rate per test"],
            t.Errors.Select(e => (IReadOnlyList<string>)[e.Category, ReportText.Count(e.Count), ReportText.Percent(e.ShareOfErrors), ReportText.Percent(e.RatePerTest)]),
            Numeric);
    }

    private static IReadOnlyList<string> Row(GroupRow group)
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
}
