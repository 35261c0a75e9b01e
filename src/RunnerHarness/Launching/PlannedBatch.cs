namespace RunnerHarness.Launching;

/// <summary>What one test host plans to run of one model batch.</summary>
/// <param name="Batch">The batch, <c>Namespace.Class.Method</c>.</param>
/// <param name="Shard">The shard the host runs, as <c>i/n</c>, or <see langword="null"/> for all rows.</param>
/// <param name="RowsToRun">The rows this host executes: its shard's rows the store lacks.</param>
internal sealed record PlannedBatch(string Batch, string? Shard, int RowsToRun);
