using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.Reporting;
using Spectre.Console;

namespace RunnerHarness.Cli.Rendering;

/// <summary>Renders a <see cref="ComparisonResult"/>: overall, then one row per cell with its test, regressions flagged.</summary>
internal sealed class ComparisonConsoleRenderer(IAnsiConsole console, bool plain)
{
    private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal)
    {
        "Baseline n", "Baseline", "Candidate n", "Candidate", "Change", "Pairs", "Unpaired", "p-value", "Adjusted p", "Detectable",
    };

    /// <summary>Writes <paramref name="result"/>, titled with the two sides.</summary>
    public void Render(ComparisonResult result, string baseline, string candidate)
    {
        ArgumentNullException.ThrowIfNull(result);
        var o = result.Overall;
        var options = result.Options;
        var what = options.Metric is { } metric ? $"mean {metric.Name}" : "success rate";
        ConsoleText.Line(console, plain, $"Baseline: {baseline}. Candidate: {candidate}. Comparing {what}. Significance level {result.SignificanceLevel.ToString(CultureInfo.InvariantCulture)}, " +
            $"cells adjusted by {ComparisonText.AdjustmentText(options.Adjustment)}, resampling seed {options.Seed.ToString(CultureInfo.InvariantCulture)}.");
        var sides = options.Metric is null
            ? $"Overall success rate {ReportText.Percent(o.Baseline?.SuccessRate.Rate)} (n={ReportText.Count(o.Baseline?.Total ?? 0)}) -> " +
              $"{ReportText.Percent(o.Candidate?.SuccessRate.Rate)} (n={ReportText.Count(o.Candidate?.Total ?? 0)}): "
            : "Overall: ";
        ConsoleText.Line(console, plain,
            $"{sides}{Change(o.Test.Difference, options)}{Interval(o.Test.Interval, options)}, p={ReportText.PValue(o.Test.PValue)} ({ComparisonText.TestName(o.Test.Test)}) {Flag(o)}".TrimEnd());
        ConsoleText.Line(console, plain, Pairing(o.Test, options));
        ConsoleText.Line(console, plain);
        if (result.Dimensions.Count == 0)
        {
            return;
        }

        var headers = result.Dimensions.Select(ReportText.Heading)
            .Concat(["Baseline n", "Baseline", "Candidate n", "Candidate", "Change", "Pairs", "Unpaired", "p-value", "Adjusted p", "Test", "Detectable", "Flag"]).ToArray();
        var rows = result.Cells.Select(c => (IReadOnlyList<string>)
        [
            .. c.Key.Select(k => k ?? GroupRow.MissingValue),
            ReportText.Count(c.Baseline?.Total ?? 0), ReportText.Percent(c.Baseline?.SuccessRate.Rate),
            ReportText.Count(c.Candidate?.Total ?? 0), ReportText.Percent(c.Candidate?.SuccessRate.Rate),
            Change(c.Test.Difference, options), ReportText.Count(c.Test.Pairs), ReportText.Count(c.Test.Unpaired),
            ReportText.PValue(c.Test.PValue), ReportText.PValue(c.AdjustedPValue), ComparisonText.TestName(c.Test.Test),
            Detectable(c.Test.MinimumDetectableDifference, options), Flag(c),
        ]);
        new TableOutput(console, plain).Write(null, headers, rows, Numeric);
        var regressions = result.Cells.Count(c => c.IsRegression);
        ConsoleText.Line(console, plain, $"{regressions} of {result.Cells.Count} cells regressed significantly after {ComparisonText.AdjustmentText(options.Adjustment)} adjustment. " +
            "Detectable: the smallest difference the cell could detect with 80% power; a smaller true difference may show as none.");
    }

    private static string Pairing(ProportionTestResult test, ComparisonOptions options) => test.IsPaired
        ? $"Paired on {ReportText.Count(test.Pairs)} shared items ({ReportText.Count(test.Unpaired)} results without a partner); detectable with 80% power: {Detectable(test.MinimumDetectableDifference, options)}."
        : $"Unpaired test (no shared items, or --unpaired): {ReportText.Count(test.Unpaired)} results without a partner; detectable with 80% power: {Detectable(test.MinimumDetectableDifference, options)}.";

    private static string Change(double? difference, ComparisonOptions options) =>
        options.Metric is null ? ReportText.Change(difference)
        : difference is { } d ? d.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture) : ReportText.NotApplicable;

    private static string Interval(ConfidenceInterval? interval, ComparisonOptions options) => interval is { } i
        ? $" [{Change(i.Lower, options)}, {Change(i.Upper, options)}]"
        : string.Empty;

    private static string Detectable(double? difference, ComparisonOptions options) =>
        difference is { } d ? (options.Metric is null ? ReportText.Change(d).TrimStart('+') : ReportText.Number(d, 3)) : ReportText.NotApplicable;

    private static string Flag(CellComparison c) => c.IsRegression ? "REGRESSION" : c.IsImprovement ? "improved" : string.Empty;
}
