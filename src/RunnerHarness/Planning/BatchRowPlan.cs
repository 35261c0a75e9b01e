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
internal sealed class BatchRowPlan
{
    // Enough cell names to check a filter by eye; a longer selection is summarised by its count.
    private const int CellsNamedInDescription = 12;

    private readonly IReadOnlyList<MatrixSample> _shardRows;
    private readonly string _assembly;
    private readonly string _testClass;
    private readonly string _testMethod;
    private readonly HashSet<string> _cellsInRun;
    private readonly HashSet<string> _cellsInMatrix;
    private readonly Dictionary<string, CellHolding> _cellsPlanned;
    private readonly Dictionary<string, List<MatrixSample>> _rowsByCell;
    private readonly MatrixDefinition _matrix;

    private BatchRowPlan(MatrixDefinition matrix, string assembly, string testClass, string testMethod, MatrixExpansion expansion, ShardSpec? shard, IReadOnlyList<MatrixSample> shardRows, TopUpPlan topUp, bool debugRun, IReadOnlyList<MatrixSample>? selectedCells, HashSet<string> cellsInMatrix)
    {
        _matrix = matrix;
        _assembly = assembly;
        _testClass = testClass;
        _testMethod = testMethod;
        Batch = $"{testClass}.{testMethod}";
        Expansion = expansion;
        Shard = shard;
        _shardRows = shardRows;
        TopUp = topUp;
        DebugRun = debugRun;
        SelectedCells = selectedCells;
        _cellsInMatrix = cellsInMatrix;
        _cellsInRun = [.. expansion.Rows.Where(r => r.SampleIndex == 0).Select(CellKeyOf)];
        _cellsPlanned = topUp.Cells.ToDictionary(c => c.CellKey, StringComparer.Ordinal);
        _rowsByCell = [];
        foreach (var row in RowsToRun)
        {
            var key = CellKeyOf(row);
            if (!_rowsByCell.TryGetValue(key, out var rows))
            {
                _rowsByCell[key] = rows = [];
            }

            rows.Add(row);
        }
    }

    /// <summary>The batch, as <c>TestClass.TestMethod</c>.</summary>
    public string Batch { get; }

    /// <summary>The matrix's rows after filters and exclusions, and notes for the user.</summary>
    public MatrixExpansion Expansion { get; }

    /// <summary>The shard this process runs, or <see langword="null"/> for all rows.</summary>
    public ShardSpec? Shard { get; }

    /// <summary>How many rows fall to this shard (of the selected cells' rows, when cells were selected; all of them when not sharded).</summary>
    public int ShardRowCount => _shardRows.Count;

    /// <summary>What the store holds of this shard's rows.</summary>
    public TopUpPlan TopUp { get; }

    /// <summary>Whether this is a debug run (<see cref="HarnessSettings.DebugRun"/>): every planned row runs, held or not.</summary>
    public bool DebugRun { get; }

    /// <summary>The cells a test filter selected (test explorer, <c>dotnet test --filter</c>), or <see langword="null"/> when the whole batch runs.</summary>
    public IReadOnlyList<MatrixSample>? SelectedCells { get; }

    /// <summary>
    /// The rows to run, in expansion order: this shard's rows (of the selected cells) the store lacks; in a debug run,
    /// all of this shard's rows.
    /// </summary>
    public IReadOnlyList<MatrixSample> RowsToRun => DebugRun ? _shardRows : TopUp.RowsToRun;

    /// <summary>The <see cref="RowsToRun"/> with the case keys the planner gave them, which their records carry.</summary>
    public IReadOnlyList<PlannedRow> PlannedRowsToRun =>
        DebugRun ? [.. _shardRows.Select(r => new PlannedRow(r, CaseKey.For(_assembly, _testClass, _testMethod, r)))] : TopUp.PlannedRowsToRun;

    /// <summary>
    /// Plans <paramref name="testClass"/>.<paramref name="testMethod"/>'s rows (of the test assembly <paramref name="assembly"/>) for <paramref name="settings"/>: its
    /// filters, <see cref="HarnessSettings.TargetSamples"/> (else the matrix's samples per cell), shard and store.
    /// With <paramref name="selectedCells"/>, only the rows of those cells are planned (the sample index of each is
    /// ignored), as if the run's filters allowed just them: the shards deal the selected rows, then top-up drops held ones.
    /// With <paramref name="modelIdOf"/> (the <c>model_id</c> a row's model is asked for, or <see langword="null"/> when unknown),
    /// a stored result holds a row only for the same <c>model_id</c> (see <see cref="TopUpPlanner.Plan"/>).
    /// </summary>
    /// <exception cref="MatrixDefinitionException">The matrix is invalid or filters and exclusions leave no rows.</exception>
    public static BatchRowPlan Create(MatrixDefinition matrix, HarnessSettings settings, string assembly, string testClass, string testMethod, IReadOnlyCollection<MatrixSample>? selectedCells = null, Func<MatrixSample, string?>? modelIdOf = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(assembly);
        ArgumentException.ThrowIfNullOrWhiteSpace(testClass);
        ArgumentException.ThrowIfNullOrWhiteSpace(testMethod);

        var expansion = matrix.Expand(settings);
        IReadOnlyList<MatrixSample> rows = expansion.Rows;
        HashSet<string> cellsInMatrix = [];
        if (selectedCells is not null)
        {
            selectedCells = [.. selectedCells.Select(matrix.PlaceOnProvider)];
            var selected = selectedCells.Select(c => CaseKey.ForCell(assembly, testClass, testMethod, c)).ToHashSet(StringComparer.Ordinal);
            rows = [.. rows.Where(r => selected.Contains(CaseKey.ForCell(assembly, testClass, testMethod, r)))];

            // To tell a cell the run's filters leave out from one the matrix no longer has, and to name cells in matrix order.
            var matrixCells = matrix.Expand(MatrixFilter.None, 1).Rows.Select(c => CaseKey.ForCell(assembly, testClass, testMethod, c)).ToList();
            cellsInMatrix = [.. matrixCells];
            var position = matrixCells.Select((key, i) => (key, i)).ToDictionary(p => p.key, p => p.i, StringComparer.Ordinal);
            selectedCells = [.. selectedCells.OrderBy(c => position.GetValueOrDefault(CaseKey.ForCell(assembly, testClass, testMethod, c), int.MaxValue))];
        }

        if (settings.Shard is { } shard)
        {
            rows = new ShardFilter(shard).Select(rows, r => CaseKey.For(assembly, testClass, testMethod, r));
        }

        var topUp = new TopUpPlanner(new StoreLayout(settings.StorePath)).Plan(assembly, testClass, testMethod, rows, expansion.SamplesPerCell, modelIdOf);
        return new BatchRowPlan(matrix, assembly, testClass, testMethod, expansion, settings.Shard, rows, topUp, settings.DebugRun, selectedCells?.ToList(), cellsInMatrix);
    }

    /// <summary>The rows of <paramref name="cell"/> that run, in expansion order; empty when none do.</summary>
    public IReadOnlyList<MatrixSample> RowsOf(MatrixSample cell) =>
        _rowsByCell.TryGetValue(CellKeyOf(cell), out var rows) ? rows : [];

    /// <summary>What this run does with <paramref name="cell"/>, a cell of the matrix as discovered.</summary>
    public SelectedCellState StateOf(MatrixSample cell)
    {
        var key = CellKeyOf(cell);
        if (_rowsByCell.ContainsKey(key))
        {
            return SelectedCellState.Runs;
        }

        if (_cellsPlanned.ContainsKey(key))
        {
            return SelectedCellState.Held;
        }

        if (_cellsInRun.Contains(key))
        {
            return SelectedCellState.OtherShard;
        }

        return _cellsInMatrix.Contains(key) ? SelectedCellState.FilteredOut : SelectedCellState.NotInMatrix;
    }

    /// <summary>What the store holds of <paramref name="cell"/>'s planned rows, or <see langword="null"/> when none were planned.</summary>
    public CellHolding? HoldingOf(MatrixSample cell) => _cellsPlanned.GetValueOrDefault(CellKeyOf(cell));

    /// <summary>
    /// Lines for the run's output: the matrix size, the selected cells, the shard's share, the top-up result and any
    /// notes, e.g. <c>Bench.Batch.Run: 8 cells x 3 samples = 24 rows; shard 1/3: 8 rows. Nothing to run: ...</c>
    /// </summary>
    public IReadOnlyList<string> Describe()
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{Batch}: {Expansion.CellCount} cells x {Expansion.SamplesPerCell} samples = {Expansion.Rows.Count} rows");
        // A selection of every cell (an unfiltered run) is the whole batch, and is not worth a word.
        if (SelectedCells is { } selected && (selected.Count != _cellsInMatrix.Count || selected.Any(c => StateOf(c) is SelectedCellState.FilteredOut or SelectedCellState.NotInMatrix)))
        {
            line += DescribeSelection(selected);
        }

        if (Shard is { } shard)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"; shard {shard}: {ShardRowCount} rows");
        }

        var topUp = DebugRun
            ? string.Create(CultureInfo.InvariantCulture, $"Debug run: all {ShardRowCount} rows run, held or not ({TopUp.HeldCount} held), and nothing is recorded.")
            : TopUp.Describe();
        return [$"{line}. {topUp}", .. Expansion.Notes];
    }

    private string DescribeSelection(IReadOnlyList<MatrixSample> selected)
    {
        var states = selected.GroupBy(StateOf).ToDictionary(g => g.Key, g => g.Count());
        var inRun = selected.Count - states.GetValueOrDefault(SelectedCellState.FilteredOut) - states.GetValueOrDefault(SelectedCellState.NotInMatrix);
        var text = string.Create(CultureInfo.InvariantCulture, $"; the test filter selected {selected.Count} cells");
        text += selected.Count <= CellsNamedInDescription
            ? $" ({string.Join("; ", selected.Select(c => c.CellLabel))})"
            : "";
        text += string.Create(CultureInfo.InvariantCulture, $", {inRun} of them in this run");
        if (states.GetValueOrDefault(SelectedCellState.FilteredOut) is > 0 and var filtered)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; {filtered} left out by the run's filter settings");
        }

        if (states.GetValueOrDefault(SelectedCellState.NotInMatrix) is > 0 and var gone)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; {gone} no longer in the matrix");
        }

        return text;
    }

    /// <summary>
    /// The key of the cell <paramref name="sample"/> belongs to, a row of this plan or a cell as discovered: on the
    /// provider this run puts its model on, so a cell discovered before a models file placed it is the same cell.
    /// </summary>
    public string CellKeyOf(MatrixSample sample) => CaseKey.ForCell(_assembly, _testClass, _testMethod, _matrix.PlaceOnProvider(sample));
}
