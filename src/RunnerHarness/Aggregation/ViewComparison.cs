namespace RunnerHarness.Aggregation;

/// <summary>Compares two cumulative views of the same grouping cell by cell.</summary>
internal static class ViewComparison
{
    /// <summary>The default significance level.</summary>
    public const double DefaultSignificanceLevel = 0.05;

    /// <summary>
    /// Compares <paramref name="candidate"/> with <paramref name="baseline"/> by unpaired tests of the success
    /// rates, per-cell p-values adjusted by Benjamini-Hochberg.
    /// </summary>
    /// <exception cref="ArgumentException">The views group by different dimensions, or the level is not in (0, 1).</exception>
    public static ComparisonResult Compare(CumulativeView baseline, CumulativeView candidate, double significanceLevel = DefaultSignificanceLevel) =>
        Compare(baseline, candidate, new ComparisonOptions { SignificanceLevel = significanceLevel }, null);

    /// <summary>
    /// Compares <paramref name="candidate"/> with <paramref name="baseline"/> for each cell either has and overall.
    /// A cell whose sides share items is tested on its pairs (McNemar's exact test for one 0/1 result per item
    /// and side, else a resampling test of per-item mean differences); a cell without shared items by
    /// <see cref="TwoProportionTest"/> (no test with a metric). Per-cell p-values are adjusted across the cells
    /// (<see cref="ComparisonOptions.Adjustment"/>) and a cell is flagged when its adjusted p-value is below the
    /// level; the overall comparison tests all pairs pooled. See <c>docs/aggregation.md</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The views group by different dimensions, or the level is not in (0, 1).</exception>
    public static ComparisonResult Compare(CumulativeView baseline, CumulativeView candidate, ComparisonOptions options, PairedSamples? pairs)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(options);
        if (!baseline.Dimensions.SequenceEqual(candidate.Dimensions, StringComparer.Ordinal))
        {
            throw new ArgumentException("The baseline and candidate views group by different dimensions.", nameof(candidate));
        }

        if (!(options.SignificanceLevel is > 0 and < 1))
        {
            throw new ArgumentException($"The significance level must be between 0 and 1, not {options.SignificanceLevel}.", nameof(options));
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

        var tested = cells
            .Select(pair => (Key: pair.Key, pair.Value.Baseline, pair.Value.Candidate, Test: Test(pair.Value.Baseline, pair.Value.Candidate, pairs?.Of(pair.Key), options)))
            .OrderBy(x => new GroupRow(x.Key, x.Candidate ?? x.Baseline!), new GroupRowComparer(baseline.Dimensions))
            .ToArray();
        var adjusted = PValueAdjuster.Adjust([.. tested.Select(t => t.Test.PValue)], options.Adjustment);
        var comparisons = tested.Select((t, i) => Flag(t.Key, t.Baseline, t.Candidate, t.Test, adjusted[i], options.SignificanceLevel)).ToArray();

        var overallTest = Test(baseline.Totals, candidate.Totals, pairs?.Overall, options);
        return new ComparisonResult(
            baseline.Dimensions,
            options.SignificanceLevel,
            Flag([], baseline.Totals, candidate.Totals, overallTest, overallTest.PValue, options.SignificanceLevel),
            comparisons)
        {
            Options = options,
        };
    }

    private static CellComparison Flag(IReadOnlyList<string?> key, GroupStatistics? baseline, GroupStatistics? candidate, ProportionTestResult test, double? adjusted, double level)
    {
        var significant = adjusted < level;
        return new CellComparison(key, baseline, candidate, test, significant && test.Difference < 0, significant && test.Difference > 0) { AdjustedPValue = adjusted };
    }

    private static ProportionTestResult Test(GroupStatistics? baseline, GroupStatistics? candidate, ItemPairs? pairs, ComparisonOptions options) =>
        Test(baseline?.Success ?? 0, baseline?.Total ?? 0, candidate?.Success ?? 0, candidate?.Total ?? 0, pairs, options);

    /// <summary>
    /// The test of one cell given each side's successes and model results and the cell's pairs: paired when they
    /// share items, else unpaired. <see cref="RunTrendBuilder"/> tests consecutive runs with it.
    /// </summary>
    internal static ProportionTestResult Test(long bs, long bn, long cs, long cn, ItemPairs? pairs, ComparisonOptions options)
    {
        var level = options.SignificanceLevel;
        if (pairs is { Count: > 0 })
        {
            ProportionTestResult paired;
            if (options.Metric is null && pairs.IsBinary)
            {
                int baselineOnly = 0, candidateOnly = 0;
                for (var i = 0; i < pairs.Count; i++)
                {
                    baselineOnly += pairs.Baseline[i] > pairs.Candidate[i] ? 1 : 0;
                    candidateOnly += pairs.Candidate[i] > pairs.Baseline[i] ? 1 : 0;
                }

                paired = McNemarTest.Compare(baselineOnly, candidateOnly, pairs.Count, level, options.MidP);
            }
            else
            {
                var differences = pairs.Candidate.Select((c, i) => c - pairs.Baseline[i]).ToArray();
                paired = PairedResamplingTest.Compare(differences, level, options.Resampling, options.Seed);
            }

            return paired with { Unpaired = pairs.Unpaired };
        }

        var unpaired = pairs?.Unpaired ?? (bn + cn);
        if (options.Metric is not null)
        {
            // Means of unpaired scores are not tested: no pairs, no test (documented).
            return new ProportionTestResult(SignificanceTest.None, null, null) { Unpaired = unpaired };
        }

        return TwoProportionTest.Compare(bs, bn, cs, cn) with
        {
            Unpaired = unpaired,
            MinimumDetectableDifference = DetectableDifference.TwoProportions(bs + cs, bn, cn, level),
        };
    }
}
