namespace RunnerHarness.Aggregation;

/// <summary>The matrix cells of one progress group that <see cref="SampleProgressTracker"/> has seen.</summary>
internal sealed class GroupSamples
{
    /// <summary>The group's cells by cell key (<see cref="SampleHoldings.CellOf"/>; empty for records without a <c>case_key</c>).</summary>
    public Dictionary<string, CellSamples> Cells { get; } = new(StringComparer.Ordinal);

    /// <summary>Records that do not count: skipped tests and infrastructure failures.</summary>
    public long NotCounted { get; set; }
}
