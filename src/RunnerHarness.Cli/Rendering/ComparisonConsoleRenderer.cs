using RunnerHarness.Aggregation;
using RunnerHarness.Reporting;
using Spectre.Console;

namespace RunnerHarness.Cli.Rendering;

/// <summary>Renders a <see cref="ComparisonResult"/>: overall, then one row per cell, regressions flagged.</summary>
public sealed class ComparisonConsoleRenderer(IAnsiConsole console, bool plain)
{
    private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal) { "Baseline n", "Baseline", "Candidate n", "Candidate", "Change", "p-value" };

    /// <summary>Writes <paramref name="result"/>, titled with the two sides.</summary>
    public void Render(ComparisonResult result, string baseline, string candidate)
    {
        ArgumentNullException.ThrowIfNull(result);
        var o = result.Overall;
        ConsoleText.Line(console, plain, $"Baseline: {baseline}. Candidate: {candidate}. Significance level {result.SignificanceLevel.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        ConsoleText.Line(console, plain, 
            $"Overall success rate {ReportText.Percent(o.Baseline?.SuccessRate.Rate)} (n={ReportText.Count(o.Baseline?.Total ?? 0)}) -> " +
            $"{ReportText.Percent(o.Candidate?.SuccessRate.Rate)} (n={ReportText.Count(o.Candidate?.Total ?? 0)}): {ReportText.Change(o.Test.Difference)}, " +
            $"p={ReportText.PValue(o.Test.PValue)} ({Method(o.Test.Test)}) {Flag(o)}".TrimEnd());
        ConsoleText.Line(console, plain);
        if (result.Dimensions.Count == 0)
        {
            return;
        }

        var headers = result.Dimensions.Select(ReportText.Heading)
            .Concat(["Baseline n", "Baseline", "Candidate n", "Candidate", "Change", "p-value", "Test", "Flag"]).ToArray();
        var rows = result.Cells.Select(c => (IReadOnlyList<string>)
        [
            .. c.Key.Select(k => k ?? GroupRow.MissingValue),
            ReportText.Count(c.Baseline?.Total ?? 0), ReportText.Percent(c.Baseline?.SuccessRate.Rate),
            ReportText.Count(c.Candidate?.Total ?? 0), ReportText.Percent(c.Candidate?.SuccessRate.Rate),
            ReportText.Change(c.Test.Difference), ReportText.PValue(c.Test.PValue), Method(c.Test.Test), Flag(c),
        ]);
        new TableOutput(console, plain).Write(null, headers, rows, Numeric);
        var regressions = result.Cells.Count(c => c.IsRegression);
        ConsoleText.Line(console, plain, $"{regressions} of {result.Cells.Count} cells regressed significantly (each cell tested alone; with many cells some flags are chance).");
    }

    private static string Flag(CellComparison c) => c.IsRegression ? "REGRESSION" : c.IsImprovement ? "improved" : string.Empty;

    private static string Method(SignificanceTest test) => test switch
    {
        SignificanceTest.ZTest => "z-test",
        SignificanceTest.FisherExact => "Fisher",
        _ => "-",
    };
}
