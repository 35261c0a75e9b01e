using System.Globalization;
using RunnerHarness.Matrix;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Planning;

/// <summary>
/// The rows one process runs for one batch, worked out in the one safe order: expand the matrix with the run's
/// filters and target, take this shard's share of the full row list, then drop the samples the store already holds.
/// Sharding before top-up is what keeps concurrent shards disjoint (see <see cref="ShardFilter"/>).
/// </summary>
public sealed class BatchRowPlan
{
    private BatchRowPlan(string batch, MatrixExpansion expansion, ShardSpec? shard, int shardRowCount, TopUpPlan topUp)
    {
        Batch = batch;
        Expansion = expansion;
        Shard = shard;
        ShardRowCount = shardRowCount;
        TopUp = topUp;
    }

    /// <summary>The batch, as <c>TestClass.TestMethod</c>.</summary>
    public string Batch { get; }

    /// <summary>The matrix's rows after filters and exclusions, and notes for the user.</summary>
    public MatrixExpansion Expansion { get; }

    /// <summary>The shard this process runs, or <see langword="null"/> for all rows.</summary>
    public ShardSpec? Shard { get; }

    /// <summary>How many of the expansion's rows fall to this shard (all of them when not sharded).</summary>
    public int ShardRowCount { get; }

    /// <summary>What the store holds of this shard's rows.</summary>
    public TopUpPlan TopUp { get; }

    /// <summary>The rows to run, in expansion order: this shard's rows the store lacks.</summary>
    public IReadOnlyList<MatrixSample> RowsToRun => TopUp.RowsToRun;

    /// <summary>
    /// Plans <paramref name="testClass"/>.<paramref name="testMethod"/>'s rows for <paramref name="settings"/>: its
    /// filters, <see cref="HarnessSettings.TargetSamples"/> (else the matrix's samples per cell), shard and store.
    /// </summary>
    /// <exception cref="MatrixDefinitionException">The matrix is invalid or filters and exclusions leave no rows.</exception>
    public static BatchRowPlan Create(MatrixDefinition matrix, HarnessSettings settings, string testClass, string testMethod)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(testClass);
        ArgumentException.ThrowIfNullOrWhiteSpace(testMethod);

        var expansion = matrix.Expand(settings);
        var rows = settings.Shard is { } shard
            ? new ShardFilter(shard).Select(expansion.Rows, r => CaseKey.For(testClass, testMethod, r))
            : expansion.Rows;
        var topUp = new TopUpPlanner(new StoreLayout(settings.StorePath)).Plan(testClass, testMethod, rows, expansion.SamplesPerCell);
        return new BatchRowPlan($"{testClass}.{testMethod}", expansion, settings.Shard, rows.Count, topUp);
    }

    /// <summary>
    /// Lines for the run's output: the matrix size, the shard's share, the top-up result and any notes, e.g.
    /// <c>Bench.Batch.Run: 8 cells x 3 samples = 24 rows; shard 1/3: 8 rows. Nothing to run: ...</c>
    /// </summary>
    public IReadOnlyList<string> Describe()
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{Batch}: {Expansion.CellCount} cells x {Expansion.SamplesPerCell} samples = {Expansion.Rows.Count} rows");
        if (Shard is { } shard)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"; shard {shard}: {ShardRowCount} rows");
        }

        return [$"{line}. {TopUp.Describe()}", .. Expansion.Notes];
    }
}
