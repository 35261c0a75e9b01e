using RunnerHarness.Aggregation;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Summaries;

namespace RunnerHarness.Planning;

/// <summary>
/// Cumulative top-up: keeps only the rows whose <c>case_key</c> the store does not yet hold a counting record for,
/// so re-running an interrupted study finishes it and re-running a finished one runs nothing.
/// A sample is held by the one rule <c>progress</c> and its gate use too (<see cref="SampleHoldings"/>): a record of
/// its <c>case_key</c> that is a model result. Skipped records and infrastructure failures do not count, so their
/// samples are run again.
/// Records still in live writers' logs count too, so shards topping up from one store at once do not repeat
/// each other's finished samples. Sealed files are read through their summaries (<see cref="StoreSummaryReader"/>),
/// so planning costs what the summaries hold, not the records.
/// </summary>
public sealed class TopUpPlanner
{
    /// <summary>Creates a planner reading the store at <paramref name="store"/>.</summary>
    public TopUpPlanner(StoreLayout store) => Store = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>The store read.</summary>
    public StoreLayout Store { get; }

    /// <summary>
    /// The rows of <paramref name="rows"/> (one batch's rows, all or a shard's share, sample indices below
    /// <paramref name="targetSamples"/>) that the store lacks. Reads the store once, at call time.
    /// </summary>
    /// <param name="assembly">The batch's test assembly name (part of every case key: the same class in another assembly is another batch).</param>
    /// <param name="testClass">The batch's test class full name, as in <see cref="CaseKey.For"/>.</param>
    /// <param name="testMethod">The batch's test method name.</param>
    /// <param name="rows">The planned rows; their case keys must be distinct.</param>
    /// <param name="targetSamples">The samples wanted per cell, 1 or more.</param>
    /// <exception cref="ArgumentException">A row's sample index is outside 0 to <paramref name="targetSamples"/> - 1, or two rows are the same sample.</exception>
    public TopUpPlan Plan(string assembly, string testClass, string testMethod, IReadOnlyList<MatrixSample> rows, int targetSamples)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assembly);
        ArgumentException.ThrowIfNullOrWhiteSpace(testClass);
        ArgumentException.ThrowIfNullOrWhiteSpace(testMethod);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSamples, 1);

        var keys = new string[rows.Count];
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].SampleIndex < 0 || rows[i].SampleIndex >= targetSamples)
            {
                throw new ArgumentException($"The row {rows[i]} has sample index {rows[i].SampleIndex}, outside 0 to {targetSamples - 1} for a target of {targetSamples}.", nameof(rows));
            }

            keys[i] = CaseKey.For(assembly, testClass, testMethod, rows[i]);
            if (!wanted.Add(keys[i]))
            {
                throw new ArgumentException($"The row {rows[i]} appears twice.", nameof(rows));
            }
        }

        var reader = new StoreSummaryReader(Store);
        var storeExists = Directory.Exists(Store.Root);
        var held = storeExists ? HeldKeys(reader, wanted) : [];
        return Build(rows, keys, held, targetSamples, storeExists, reader.Problems);
    }

    private static HashSet<string> HeldKeys(StoreSummaryReader reader, HashSet<string> wanted)
    {
        // The wanted keys by cell and sample index, matched against the summaries' held samples without building a key per sample.
        var wantedByCell = new Dictionary<string, Dictionary<int, string>>(StringComparer.Ordinal);
        foreach (var key in wanted)
        {
            if (SegmentSummaryBuilder.SplitSample(key) is var (cellLength, sample))
            {
                var cell = key[..cellLength];
                if (!wantedByCell.TryGetValue(cell, out var samples))
                {
                    samples = [];
                    wantedByCell.Add(cell, samples);
                }

                samples.Add(sample, key);
            }
        }

        // Memory stays bounded by this batch's rows and one file's summary, not by the store: other batches' keys are not kept.
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var summary in reader.Read(runIds: null, includeLiveLogs: true))
        {
            foreach (var (cell, samples) in summary.HeldSamples)
            {
                if (wantedByCell.TryGetValue(cell, out var wantedSamples))
                {
                    foreach (var sample in samples)
                    {
                        if (wantedSamples.TryGetValue(sample, out var key))
                        {
                            held.Add(key);
                        }
                    }
                }
            }

            held.UnionWith(summary.HeldKeys.Where(wanted.Contains));
        }

        return held;
    }

    private static TopUpPlan Build(IReadOnlyList<MatrixSample> rows, string[] keys, HashSet<string> held, int targetSamples, bool storeExists, IReadOnlyList<StoreProblem> problems)
    {
        var toRun = new List<PlannedRow>();
        var cells = new Dictionary<string, (string Label, int Rows, int Held)>(StringComparer.Ordinal);
        var cellOrder = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            var cellKey = CaseKey.CellOf(keys[i]);
            if (!cells.TryGetValue(cellKey, out var cell))
            {
                cell = (rows[i].CellLabel, 0, 0);
                cellOrder.Add(cellKey);
            }

            var isHeld = held.Contains(keys[i]);
            cells[cellKey] = (cell.Label, cell.Rows + 1, cell.Held + (isHeld ? 1 : 0));
            if (!isHeld)
            {
                toRun.Add(new PlannedRow(rows[i], keys[i]));
            }
        }

        var holdings = cellOrder.Select(k => new CellHolding(k, cells[k].Label, cells[k].Rows, cells[k].Held)).ToList();
        return new TopUpPlan(targetSamples, rows.Count, toRun, holdings, storeExists, [.. problems]);
    }
}
