using System.Runtime.CompilerServices;
using RunnerHarness.Aggregation;
using RunnerHarness.Matrix;

namespace RunnerHarness.Planning;

/// <summary>
/// A batch's planned rows by cell and sample index, and which of them the store holds. Each cell's key is built once
/// (<see cref="CaseKey.ForCell"/>) and a row is found by its cell and sample index, so planning hashes a cell key once a
/// held cell, not a case key of a few hundred characters several times a row, and builds a row's case key
/// (<see cref="KeyOf"/>) only for the rows it runs.
/// </summary>
/// <remarks>
/// A planned row's case key is its cell key, <c>|#</c> and its sample index in plain decimal (<see cref="CaseKey.OfSample"/>);
/// cell keys have every '#' escaped, so a held key equals a planned key exactly when it splits
/// (<see cref="CaseKey.SplitSample"/>) into a planned cell key and a planned sample index of that cell.
/// Compiled optimized at once: a test host builds it for every planned row before its first row runs.
/// </remarks>
internal sealed class PlannedSamples
{
    private readonly IReadOnlyList<MatrixSample> _rows;
    private readonly int[] _cellOfRow;
    private readonly List<string> _cellKeys = [];
    private readonly List<string> _cellLabels = [];

    // Per cell, by index: sample index -> row.
    private readonly List<Dictionary<int, int>> _rowOfSample = [];
    private readonly Dictionary<string, int> _cellOfKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _cellOfKeyText;

    // The model_id each row asks for (null when unknown), or null when no row's is known.
    private readonly string?[]? _modelIds;
    private readonly bool[] _held;

    /// <summary>
    /// Notes the <paramref name="rows"/> of the batch <paramref name="testClass"/>.<paramref name="testMethod"/> of
    /// <paramref name="assembly"/>, as <see cref="TopUpPlanner.Plan"/> takes them.
    /// </summary>
    /// <exception cref="ArgumentException">A row's sample index is outside 0 to <paramref name="targetSamples"/> - 1, or two rows are the same sample.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PlannedSamples(string assembly, string testClass, string testMethod, IReadOnlyList<MatrixSample> rows, int targetSamples, Func<MatrixSample, string?>? modelIdOf)
    {
        _rows = rows;
        _cellOfRow = new int[rows.Count];
        _held = new bool[rows.Count];
        _modelIds = modelIdOf is null ? null : new string?[rows.Count];
        _cellOfKeyText = _cellOfKey.GetAlternateLookup<ReadOnlySpan<char>>();
        var cellOfSample = new Dictionary<MatrixSample, int>(SameCellComparer.Instance);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.SampleIndex < 0 || row.SampleIndex >= targetSamples)
            {
                throw new ArgumentException($"The row {row} has sample index {row.SampleIndex}, outside 0 to {targetSamples - 1} for a target of {targetSamples}.", nameof(rows));
            }

            if (!cellOfSample.TryGetValue(row, out var cell))
            {
                // The key and the label from one pass over the cell's values (each formats every axis's value), as
                // CaseKey.ForCell and MatrixSample.CellLabel write them. Values the comparer tells apart may still write
                // the same text (and so the same cell key): one cell, labelled by its first row.
                var values = row.CellValues().ToArray();
                var cellKey = CaseKey.Of(assembly, testClass, testMethod, values, sampleIndex: null);
                if (!_cellOfKey.TryGetValue(cellKey, out cell))
                {
                    cell = _cellKeys.Count;
                    _cellKeys.Add(cellKey);
                    _cellLabels.Add(MatrixSample.LabelOf(values));
                    _rowOfSample.Add([]);
                    _cellOfKey.Add(cellKey, cell);
                }

                cellOfSample.Add(row, cell);
            }

            _cellOfRow[i] = cell;
            if (_modelIds is not null)
            {
                _modelIds[i] = modelIdOf!(row);
            }

            if (!_rowOfSample[cell].TryAdd(row.SampleIndex, i))
            {
                throw new ArgumentException($"The row {row} appears twice.", nameof(rows));
            }
        }
    }

    /// <summary>The distinct cell keys, in the order of each one's first row.</summary>
    public IReadOnlyList<string> CellKeys => _cellKeys;

    /// <summary>The labels of <see cref="CellKeys"/>' cells, by the same index: <see cref="MatrixSample.CellLabel"/> of each one's first row.</summary>
    public IReadOnlyList<string> CellLabels => _cellLabels;

    /// <summary>The index in <see cref="CellKeys"/> of the cell of row <paramref name="row"/>.</summary>
    public int CellOf(int row) => _cellOfRow[row];

    /// <summary>The case key of row <paramref name="row"/>, as <see cref="CaseKey.For"/> writes it.</summary>
    public string KeyOf(int row) => CaseKey.OfSample(_cellKeys[_cellOfRow[row]], _rows[row].SampleIndex);

    /// <summary>Whether the store holds row <paramref name="row"/>'s sample (<see cref="AddHeld"/>).</summary>
    public bool IsHeld(int row) => _held[row];

    /// <summary>
    /// Marks held the planned rows that results of <paramref name="modelId"/> (null: results without one) hold: the
    /// samples of <paramref name="heldSamples"/> (by cell key) and the whole case keys of <paramref name="heldKeys"/>,
    /// by the rule of <see cref="SampleHoldings.SameModel"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddHeld(IReadOnlyDictionary<string, int[]> heldSamples, IReadOnlyList<string> heldKeys, string? modelId)
    {
        foreach (var (cellKey, samples) in heldSamples)
        {
            if (_cellOfKey.TryGetValue(cellKey, out var cell))
            {
                foreach (var sample in samples)
                {
                    Hold(cell, sample, modelId);
                }
            }
        }

        foreach (var key in heldKeys)
        {
            // A key that does not split so cannot equal a planned key (remarks).
            if (CaseKey.SplitSample(key) is { } split && _cellOfKeyText.TryGetValue(key.AsSpan(0, split.CellLength), out var cell))
            {
                Hold(cell, split.Sample, modelId);
            }
        }
    }

    private void Hold(int cell, int sample, string? modelId)
    {
        if (_rowOfSample[cell].TryGetValue(sample, out var row) && SampleHoldings.SameModel(modelId, _modelIds?[row]))
        {
            _held[row] = true;
        }
    }
}
