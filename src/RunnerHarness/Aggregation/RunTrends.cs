namespace RunnerHarness.Aggregation;

/// <summary>Every model's trend across runs; built by <see cref="RunTrendBuilder"/>.</summary>
/// <param name="Models">One trend per model, ordered by model.</param>
/// <param name="Options">The level, adjustment and tests the changes were judged with.</param>
internal sealed record RunTrends(IReadOnlyList<ModelTrend> Models, ComparisonOptions Options)
{
    /// <summary>No runs.</summary>
    public static RunTrends Empty { get; } = new([], new ComparisonOptions());

    /// <summary>Whether any model has more than one run (a trend to show).</summary>
    public bool HasChanges => Models.Any(m => m.Runs.Count > 1);
}
