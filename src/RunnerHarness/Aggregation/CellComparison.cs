namespace RunnerHarness.Aggregation;

/// <summary>The baseline and candidate statistics of one cell (or of everything) and the test of candidate against baseline.</summary>
/// <param name="Key">The cell's dimension values; empty for the overall comparison.</param>
/// <param name="Baseline">The baseline's statistics; <see langword="null"/> when the baseline has no record in the cell.</param>
/// <param name="Candidate">The candidate's statistics; <see langword="null"/> when the candidate has no record in the cell.</param>
/// <param name="Test">The significance test: paired when the sides share items, unpaired otherwise.</param>
/// <param name="IsRegression">The candidate is lower and the adjusted p-value is below the significance level.</param>
/// <param name="IsImprovement">The candidate is higher and the adjusted p-value is below the significance level.</param>
internal sealed record CellComparison(
    IReadOnlyList<string?> Key,
    GroupStatistics? Baseline,
    GroupStatistics? Candidate,
    ProportionTestResult Test,
    bool IsRegression,
    bool IsImprovement)
{
    /// <summary>
    /// The p-value adjusted across the cells of the comparison (<see cref="ComparisonOptions.Adjustment"/>); for
    /// the overall comparison, one test of all pairs pooled, the p-value itself. <see langword="null"/> when untested.
    /// </summary>
    public double? AdjustedPValue { get; init; }
}
