namespace RunnerHarness.Planning;

/// <summary>What a run does with one cell that the test filter selected (<see cref="BatchRowPlan.StateOf"/>).</summary>
internal enum SelectedCellState
{
    /// <summary>Some of the cell's samples run in this process.</summary>
    Runs,

    /// <summary>The store holds every sample of the cell this process planned: nothing runs.</summary>
    Held,

    /// <summary>The run is sharded and none of the cell's samples fall to this shard.</summary>
    OtherShard,

    /// <summary>The run's filter settings (<c>RUNNER_HARNESS_MODELS</c>, ...) leave the cell out.</summary>
    FilteredOut,

    /// <summary>The matrix no longer has the cell (it changed since discovery, or an exclusion now removes it).</summary>
    NotInMatrix,
}
