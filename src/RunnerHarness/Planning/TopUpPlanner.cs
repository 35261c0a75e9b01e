using System.Runtime.CompilerServices;
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
/// its <c>case_key</c> that is a model result, of the row's <c>model_id</c> when both say one
/// (<see cref="SampleHoldings.SameModel"/>). Skipped records and infrastructure failures do not count, so their
/// samples are run again.
/// Records still in live writers' logs count too, so shards topping up from one store at once do not repeat
/// each other's finished samples. Sealed files are read through their summaries (<see cref="StoreSummaryReader"/>),
/// so planning costs what the summaries hold, not the records; they are read on a pool thread (<see cref="SummaryReadAhead"/>)
/// while the batch's case keys are built. Its loops over every planned row and held sample are
/// compiled optimized at once: a test host plans once, cold, before its first row, and tiered compilation would run
/// most of that plan in unoptimized code.
/// </summary>
internal sealed class TopUpPlanner
{
    // Summaries read ahead of the held-sample match: the reader stays a file ahead without holding more than a few (~1 MB each at 100,000 records a file).
    private const int SummariesAhead = 2;

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
    /// <param name="modelIdOf">
    /// The <c>model_id</c> a row's model is asked for (the models file's), or <see langword="null"/> when unknown; a stored
    /// result holds a row only when its <c>model_id</c> is the same or either is unknown. Without it, every row's is unknown.
    /// </param>
    /// <exception cref="ArgumentException">A row's sample index is outside 0 to <paramref name="targetSamples"/> - 1, or two rows are the same sample.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public TopUpPlan Plan(string assembly, string testClass, string testMethod, IReadOnlyList<MatrixSample> rows, int targetSamples, Func<MatrixSample, string?>? modelIdOf = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assembly);
        ArgumentException.ThrowIfNullOrWhiteSpace(testClass);
        ArgumentException.ThrowIfNullOrWhiteSpace(testMethod);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSamples, 1);

        // The store's summaries are read, and their data files proven, on the pool while this thread builds the batch's keys.
        var reader = new StoreSummaryReader(Store, SampleHoldings.Rule);
        var storeExists = Directory.Exists(Store.Root);
        using var summaries = storeExists ? new SummaryReadAhead(reader.Read(runIds: null, includeLiveLogs: true), SummariesAhead) : null;

        // Each cell's key is built once and rows are found by cell and sample index (PlannedSamples): a case key costs a few
        // hundred escaped characters, and a test host pays for all of a batch's before its first row.
        var planned = new PlannedSamples(assembly, testClass, testMethod, rows, targetSamples, modelIdOf);
        var versions = new ItemVersions(rows, planned);
        if (summaries is not null)
        {
            AddHeld(summaries.Consume(), planned, versions);
        }

        return Build(rows, planned, targetSamples, storeExists, reader.Problems, versions.Changed());
    }

    // Matches the summaries' held samples against the planned ones, without building a key per sample.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddHeld(IEnumerable<SegmentSummary> summaries, PlannedSamples planned, ItemVersions versions)
    {
        // Memory stays bounded by this batch's rows and a few files' summaries (SummariesAhead), not by the store: other batches' keys are not kept.
        foreach (var summary in summaries)
        {
            planned.AddHeld(summary.HeldSamples, summary.HeldKeys, modelId: null);
            versions.Observe(summary.HeldSamples, summary.HeldKeys);
            foreach (var (modelId, samples) in summary.ModelHeldSamples)
            {
                planned.AddHeld(samples, summary.ModelHeldKeys.GetValueOrDefault(modelId) ?? [], modelId);
                versions.Observe(samples, summary.ModelHeldKeys.GetValueOrDefault(modelId) ?? []);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TopUpPlan Build(IReadOnlyList<MatrixSample> rows, PlannedSamples planned, int targetSamples, bool storeExists, IReadOnlyList<StoreProblem> problems, IReadOnlyList<ChangedItem> changedItems)
    {
        var toRun = new List<PlannedRow>();

        // By cell index: cells are numbered in the order of their first rows, which is the order holdings are listed in.
        var cellRows = new int[planned.CellKeys.Count];
        var cellHeld = new int[cellRows.Length];
        for (var i = 0; i < rows.Count; i++)
        {
            var cell = planned.CellOf(i);
            cellRows[cell]++;
            if (planned.IsHeld(i))
            {
                cellHeld[cell]++;
            }
            else
            {
                toRun.Add(new PlannedRow(rows[i], planned.KeyOf(i)));
            }
        }

        var holdings = new List<CellHolding>(cellRows.Length);
        for (var cell = 0; cell < cellRows.Length; cell++)
        {
            holdings.Add(new CellHolding(planned.CellKeys[cell], planned.CellLabels[cell], cellRows[cell], cellHeld[cell]));
        }

        return new TopUpPlan(targetSamples, rows.Count, toRun, holdings, storeExists, [.. problems], changedItems);
    }
}
