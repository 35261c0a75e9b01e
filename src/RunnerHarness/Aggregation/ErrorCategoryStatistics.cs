namespace RunnerHarness.Aggregation;

/// <summary>How often one model error category occurred in a group, and two different ratios of it.</summary>
/// <param name="Category">The category spelling, one of <see cref="Schema.ErrorCategory.ModelCategories"/>.</param>
/// <param name="Count">Model results counted under the category.</param>
/// <param name="ShareOfErrors">Count / the group's errors (the shares of a group add up to 1); <see langword="null"/> without errors.</param>
/// <param name="RatePerTest">Count / the group's model results (total); <see langword="null"/> when the total is 0.</param>
internal sealed record ErrorCategoryStatistics(string Category, long Count, double? ShareOfErrors, double? RatePerTest);
