using RunnerHarness.Aggregation;
using RunnerHarness.Reporting;

namespace RunnerHarness.Cli.Rendering;

/// <summary>The names of comparison tests and adjustments, as <c>compare</c> prints them (JSON and console).</summary>
internal static class ComparisonText
{
    /// <summary>The test's JSON name, e.g. <c>mcnemar_exact</c>.</summary>
    public static string TestName(SignificanceTest test) => ReportText.TestName(test);

    /// <summary>The adjustment's name, as <c>--adjust</c> takes it.</summary>
    public static string AdjustmentName(PValueAdjustment adjustment) => adjustment switch
    {
        PValueAdjustment.BenjaminiHochberg => "bh",
        PValueAdjustment.Holm => "holm",
        _ => "none",
    };

    /// <summary>The adjustment for a sentence.</summary>
    public static string AdjustmentText(PValueAdjustment adjustment) => ReportText.AdjustmentText(adjustment);
}
