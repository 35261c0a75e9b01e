using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;

namespace RunnerHarness.Reporting;

/// <summary>Number and label formatting shared by the human-readable writers, always in the invariant culture.</summary>
internal static class ReportText
{
    /// <summary>What an absent value shows as.</summary>
    public const string NotApplicable = "-";

    /// <summary>A rate as a percentage with one decimal, e.g. <c>42.9%</c>.</summary>
    public static string Percent(double? rate) =>
        rate is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : NotApplicable;

    /// <summary>An interval as <c>[23.7%, 76.3%]</c>.</summary>
    public static string Interval(ConfidenceInterval? interval) =>
        interval is { } i ? $"[{Percent(i.Lower)}, {Percent(i.Upper)}]" : NotApplicable;

    /// <summary>A mean or score with <paramref name="decimals"/> decimals.</summary>
    public static string Number(double? value, int decimals = 2) =>
        value is { } v ? v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : NotApplicable;

    /// <summary>US dollars with six decimals (a sample often costs a fraction of a cent), e.g. <c>$0.004250</c>.</summary>
    public static string Usd(double? value) =>
        value is { } v ? "$" + v.ToString("0.000000", CultureInfo.InvariantCulture) : NotApplicable;

    /// <summary>
    /// The rows of a cost table: one per group with a cost (label, records with a cost, total, per sample), then the
    /// total. Empty when no record has a cost, so writers show no cost table for stores without prices.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> CostRows(IReadOnlyList<GroupRow> groups, GroupStatistics totals)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(totals);
        if (!totals.Cost.HasCost)
        {
            return [];
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var group in groups)
        {
            var cost = group.Statistics.Cost;
            rows.Add([string.Join(" / ", group.Key.Select((_, i) => group.Label(i))), Count(cost.CostedRecords), Usd(cost.Total), Usd(cost.PerSampleUsd)]);
        }

        rows.Add(["Total", Count(totals.Cost.CostedRecords), Usd(totals.Cost.Total), Usd(totals.Cost.PerSampleUsd)]);
        return rows;
    }

    /// <summary>The headings of <see cref="CostRows"/> after the group's.</summary>
    public static IReadOnlyList<string> CostHeadings { get; } = ["Records with cost", "Total cost (USD)", "Cost per sample (USD)"];

    /// <summary>A count.</summary>
    public static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A p-value: 4 decimals, or <c>&lt;0.0001</c>.</summary>
    public static string PValue(double? p) => p switch
    {
        null => NotApplicable,
        < 0.0001 => "<0.0001",
        { } v => v.ToString("0.0000", CultureInfo.InvariantCulture),
    };

    /// <summary>A signed change of rate in percentage points, e.g. <c>+4.2 pp</c>.</summary>
    public static string Change(double? difference) =>
        difference is { } d ? (d * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pp" : NotApplicable;

    /// <summary>The heading of a table's group column: its dimensions' headings joined, e.g. <c>Model / Difficulty</c>; <c>Group</c> for none.</summary>
    public static string GroupHeading(IReadOnlyList<string> dimensions) =>
        dimensions.Count == 0 ? "Group" : string.Join(" / ", dimensions.Select(Heading));

    /// <summary>A column name as a heading, e.g. <c>prompt_type</c> to <c>Prompt type</c>.</summary>
    public static string Heading(string dimension)
    {
        ArgumentException.ThrowIfNullOrEmpty(dimension);
        var text = dimension.Replace('_', ' ');
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>A timestamp as ISO 8601 in UTC, to the second.</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The model error categories, in report order.</summary>
    public static IReadOnlyList<string> ErrorCategories => ErrorCategory.ModelCategories;

    /// <summary>The test's JSON name, e.g. <c>mcnemar_exact</c> (as <c>compare --json</c> prints it).</summary>
    public static string TestName(SignificanceTest test) => test switch
    {
        SignificanceTest.ZTest => "two_proportion_z",
        SignificanceTest.FisherExact => "fisher_exact",
        SignificanceTest.McNemarExact => "mcnemar_exact",
        SignificanceTest.McNemarMidP => "mcnemar_mid_p",
        SignificanceTest.SignFlipPermutation => "sign_flip_permutation",
        SignificanceTest.PairedBootstrap => "paired_bootstrap",
        _ => "none",
    };

    /// <summary>The adjustment for a sentence, e.g. <c>Benjamini-Hochberg</c>.</summary>
    public static string AdjustmentText(PValueAdjustment adjustment) => adjustment switch
    {
        PValueAdjustment.BenjaminiHochberg => "Benjamini-Hochberg",
        PValueAdjustment.Holm => "Holm",
        _ => "no adjustment",
    };

    /// <summary>The headings of <see cref="TrendRows"/>.</summary>
    public static IReadOnlyList<string> TrendHeadings { get; } =
        ["Model", "Run", "First finished", "Results", "Rate", "95% CI", "Change", "Test", "Pairs", "p (adj.)", "Flag"];

    /// <summary>One row per model and run: its rate, and the change from the model's run before with its test and flag.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> TrendRows(RunTrends trends)
    {
        ArgumentNullException.ThrowIfNull(trends);
        return [.. trends.Models.SelectMany(m => m.Runs.Select(r => (IReadOnlyList<string>)
        [
            m.Model ?? GroupRow.MissingValue,
            r.RunId ?? GroupRow.MissingValue,
            r.FirstFinishedAt is { } at ? Timestamp(new DateTimeOffset(at, TimeSpan.Zero)) : NotApplicable,
            Count(r.SuccessRate.Total),
            Percent(r.SuccessRate.Rate),
            Interval(r.SuccessRate.Interval),
            r.Change is null ? "first run" : Change(r.Change.Difference),
            r.Change is null ? "" : TestName(r.Change.Test),
            r.Change is null ? "" : Count(r.Change.Pairs),
            r.Change is null ? "" : PValue(r.AdjustedPValue),
            !r.IsSignificant ? "" : r.Change!.Difference < 0 ? "DROP" : "RISE",
        ]))];
    }
}
