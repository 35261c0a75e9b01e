namespace RunnerHarness.Aggregation;

/// <summary>How <see cref="ViewComparison"/> tests and flags cells.</summary>
internal sealed record ComparisonOptions
{
    /// <summary>The level below which an (adjusted) p-value is flagged; default 0.05.</summary>
    public double SignificanceLevel { get; init; } = ViewComparison.DefaultSignificanceLevel;

    /// <summary>The adjustment of per-cell p-values; default Benjamini-Hochberg.</summary>
    public PValueAdjustment Adjustment { get; init; } = PValueAdjustment.BenjaminiHochberg;

    /// <summary>Whether McNemar's test uses the mid-p variant; default exact.</summary>
    public bool MidP { get; init; }

    /// <summary>The test of paired means (metrics, repeated samples); default sign-flip permutation.</summary>
    public PairedResampling Resampling { get; init; } = PairedResampling.SignFlip;

    /// <summary>The seed of the resampling; default <see cref="PairedResamplingTest.DefaultSeed"/>.</summary>
    public int Seed { get; init; } = PairedResamplingTest.DefaultSeed;

    /// <summary>The metric compared instead of the success rate, or <see langword="null"/>.</summary>
    public ComparedMetric? Metric { get; init; }
}
