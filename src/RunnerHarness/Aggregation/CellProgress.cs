namespace RunnerHarness.Aggregation;

/// <summary>How many samples one matrix cell holds against the target, and what a top-up would run.</summary>
/// <param name="Key">The cell's dimension values.</param>
/// <param name="Held">Distinct samples that count toward the cell (see <see cref="SampleProgressTracker"/>).</param>
/// <param name="Target">Samples wanted.</param>
/// <param name="NotCounted">Records of the cell that do not count: skipped tests and infrastructure failures.</param>
/// <param name="MissingSampleIndices">The sample indices below the target that the cell lacks, when its records carry <c>sample_index</c>; otherwise empty.</param>
public sealed record CellProgress(IReadOnlyList<string?> Key, long Held, long Target, long NotCounted, IReadOnlyList<int> MissingSampleIndices)
{
    /// <summary>Samples a top-up run would execute: the target minus what is held, never below 0.</summary>
    public long ToRun => Math.Max(0, Target - Held);

    /// <summary>Whether the cell holds the target.</summary>
    public bool IsComplete => Held >= Target;
}
