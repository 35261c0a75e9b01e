namespace RunnerHarness.Aggregation;

/// <summary>The comparison of two success proportions.</summary>
/// <param name="Test">The test used.</param>
/// <param name="Difference">Candidate rate minus baseline rate; <see langword="null"/> when a side is empty.</param>
/// <param name="PValue">The two-sided p-value; <see langword="null"/> when a side is empty.</param>
public sealed record ProportionTestResult(SignificanceTest Test, double? Difference, double? PValue);
