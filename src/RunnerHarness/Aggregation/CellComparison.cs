namespace RunnerHarness.Aggregation;

/// <summary>The baseline and candidate statistics of one cell (or of everything) and the test of their success rates.</summary>
/// <param name="Key">The cell's dimension values; empty for the overall comparison.</param>
/// <param name="Baseline">The baseline's statistics; <see langword="null"/> when the baseline has no record in the cell.</param>
/// <param name="Candidate">The candidate's statistics; <see langword="null"/> when the candidate has no record in the cell.</param>
/// <param name="Test">The significance test of candidate vs baseline success rate.</param>
/// <param name="IsRegression">The candidate's success rate is lower and the p-value is below the significance level.</param>
/// <param name="IsImprovement">The candidate's success rate is higher and the p-value is below the significance level.</param>
public sealed record CellComparison(
    IReadOnlyList<string?> Key,
    GroupStatistics? Baseline,
    GroupStatistics? Candidate,
    ProportionTestResult Test,
    bool IsRegression,
    bool IsImprovement);
