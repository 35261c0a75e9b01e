namespace RunnerHarness.Aggregation;

/// <summary>How many samples one progress group holds against the target of each of its matrix cells, and what a top-up would run.</summary>
/// <param name="Key">The group's dimension values.</param>
/// <param name="Held">Distinct samples that count toward the group's cells (see <see cref="SampleHoldings"/>), over-target ones included.</param>
/// <param name="Target">Samples wanted: the target per cell times <see cref="Cells"/>.</param>
/// <param name="NotCounted">Records of the group that do not count: skipped tests and infrastructure failures.</param>
/// <param name="MissingSampleIndices">The sample indices below the target that a cell of the group lacks, when its held records carry <c>sample_index</c>; otherwise empty.</param>
internal sealed record CellProgress(IReadOnlyList<string?> Key, long Held, long Target, long NotCounted, IReadOnlyList<int> MissingSampleIndices)
{
    /// <summary>The matrix cells (distinct <c>case_key</c> cells) the group contains; 1 for a group the store has no record of. Default: 1.</summary>
    public int Cells { get; init; } = 1;

    /// <summary>
    /// Samples a top-up run would execute: per cell, the target minus what it holds, never below 0. A cell holding
    /// more than the target does not make up for another. Default: <see cref="Target"/> minus <see cref="Held"/>, never below 0.
    /// </summary>
    public long ToRun { get; init; } = Math.Max(0, Target - Held);

    /// <summary>Whether every cell of the group holds the target.</summary>
    public bool IsComplete => ToRun == 0;
}
