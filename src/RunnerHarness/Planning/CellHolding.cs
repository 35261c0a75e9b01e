namespace RunnerHarness.Planning;

/// <summary>What the store holds of one cell's rows in a <see cref="TopUpPlan"/>.</summary>
/// <param name="CellKey">The cell's key: the <c>case_key</c> without its sample part.</param>
/// <param name="CellLabel">The cell's values for people, e.g. <c>gpt-4o-mini | optimal | easy</c>.</param>
/// <param name="Rows">The cell's rows that were planned (all its samples, or a shard's share of them).</param>
/// <param name="Held">How many of those rows the store already holds a counting record for.</param>
internal sealed record CellHolding(string CellKey, string CellLabel, int Rows, int Held)
{
    /// <summary>The rows still to run.</summary>
    public int Missing => Rows - Held;
}
