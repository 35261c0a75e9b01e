namespace RunnerHarness.Aggregation;

/// <summary>The distinct samples of one cell that <see cref="SampleProgressTracker"/> has seen.</summary>
internal sealed class CellSamples
{
    /// <summary>Sample indices of counted records.</summary>
    public HashSet<int> Indices { get; } = [];

    /// <summary>Case keys (or record ids) of counted records without a sample index.</summary>
    public HashSet<string> Others { get; } = new(StringComparer.Ordinal);

    /// <summary>Records that do not count: skipped tests and infrastructure failures.</summary>
    public long NotCounted { get; set; }
}
