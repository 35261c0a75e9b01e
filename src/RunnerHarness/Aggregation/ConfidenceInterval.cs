namespace RunnerHarness.Aggregation;

/// <summary>A two-sided confidence interval: of a proportion (both ends between 0 and 1) or of a difference.</summary>
/// <param name="Lower">The lower bound.</param>
/// <param name="Upper">The upper bound.</param>
internal readonly record struct ConfidenceInterval(double Lower, double Upper);
