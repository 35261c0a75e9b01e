namespace RunnerHarness.Aggregation;

/// <summary>Compares two cumulative views of the same grouping cell by cell.</summary>
public static class ViewComparison
{
    /// <summary>The default significance level.</summary>
    public const double DefaultSignificanceLevel = 0.05;

    /// <summary>
    /// Compares <paramref name="candidate"/> with <paramref name="baseline"/>: for each cell either has and
    /// overall, the change in success rate and its <see cref="TwoProportionTest"/> p-value. A change is
    /// flagged when the p-value is below <paramref name="significanceLevel"/>. Cells are tested one by one
    /// without a multiple-comparison correction: with many cells, expect some flags by chance (documented).
    /// </summary>
    /// <exception cref="ArgumentException">The views group by different dimensions, or the level is not in (0, 1).</exception>
    public static ComparisonResult Compare(CumulativeView baseline, CumulativeView candidate, double significanceLevel = DefaultSignificanceLevel)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        if (!baseline.Dimensions.SequenceEqual(candidate.Dimensions, StringComparer.Ordinal))
        {
            throw new ArgumentException("The baseline and candidate views group by different dimensions.", nameof(candidate));
        }

        if (!(significanceLevel is > 0 and < 1))
        {
            throw new ArgumentException($"The significance level must be between 0 and 1, not {significanceLevel}.", nameof(significanceLevel));
        }

        var cells = new Dictionary<string?[], (GroupStatistics? Baseline, GroupStatistics? Candidate)>(GroupKeyComparer.Instance);
        foreach (var row in baseline.Groups)
        {
            cells[[.. row.Key]] = (row.Statistics, null);
        }

        foreach (var row in candidate.Groups)
        {
            var key = row.Key.ToArray();
            cells[key] = (cells.TryGetValue(key, out var existing) ? existing.Baseline : null, row.Statistics);
        }

        var comparisons = cells
            .Select(pair => Cell(pair.Key, pair.Value.Baseline, pair.Value.Candidate, significanceLevel))
            .Select(c => (Row: new GroupRow(c.Key, c.Candidate ?? c.Baseline!), Comparison: c))
            .OrderBy(x => x.Row, new GroupRowComparer(baseline.Dimensions))
            .Select(x => x.Comparison)
            .ToArray();

        return new ComparisonResult(
            baseline.Dimensions,
            significanceLevel,
            Cell([], baseline.Totals, candidate.Totals, significanceLevel),
            comparisons);
    }

    private static CellComparison Cell(IReadOnlyList<string?> key, GroupStatistics? baseline, GroupStatistics? candidate, double level)
    {
        var test = TwoProportionTest.Compare(baseline?.Success ?? 0, baseline?.Total ?? 0, candidate?.Success ?? 0, candidate?.Total ?? 0);
        var significant = test.PValue < level;
        return new CellComparison(key, baseline, candidate, test, significant && test.Difference < 0, significant && test.Difference > 0);
    }
}
