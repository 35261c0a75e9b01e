namespace RunnerHarness.Aggregation;

/// <summary>The distinct held samples of one matrix cell that <see cref="SampleProgressTracker"/> has seen.</summary>
internal sealed class CellSamples
{
    /// <summary>The held samples, by <see cref="SampleHoldings.SampleOf"/> (or sample index, or record id, without one).</summary>
    public HashSet<string> Samples { get; } = new(StringComparer.Ordinal);

    /// <summary>The sample indices of held records that carry one.</summary>
    public HashSet<int> Indices { get; } = [];
}
