namespace RunnerHarness.Aggregation;

/// <summary>The test of candidate against baseline in one cell (or overall): success proportions, or a metric's paired means.</summary>
/// <param name="Test">The test used.</param>
/// <param name="Difference">Candidate minus baseline: rates (unpaired), or the mean paired difference; <see langword="null"/> when untested.</param>
/// <param name="PValue">The two-sided p-value; <see langword="null"/> when untested.</param>
internal sealed record ProportionTestResult(SignificanceTest Test, double? Difference, double? PValue)
{
    /// <summary>The confidence interval (at 1 - alpha) of <see cref="Difference"/>, for the paired tests.</summary>
    public ConfidenceInterval? Interval { get; init; }

    /// <summary>The pairs (shared items) the test used; 0 for an unpaired test.</summary>
    public int Pairs { get; init; }

    /// <summary>Results (records) of either side whose item has no partner on the other side.</summary>
    public long Unpaired { get; init; }

    /// <summary>The smallest difference detectable with 80% power at the level (see <see cref="DetectableDifference"/>); <see langword="null"/> when not computable.</summary>
    public double? MinimumDetectableDifference { get; init; }

    /// <summary>Whether the test used pairs.</summary>
    public bool IsPaired => Test is SignificanceTest.McNemarExact or SignificanceTest.McNemarMidP or SignificanceTest.SignFlipPermutation or SignificanceTest.PairedBootstrap;
}
