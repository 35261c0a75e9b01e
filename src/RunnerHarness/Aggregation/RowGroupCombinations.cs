using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Aggregation;

/// <summary>
/// The per-row work of folding one decoded Parquet row group that does not depend on read order and is not needed for
/// the sums, done once per row group (on the pool thread that decoded it, <see cref="ParquetRowGroup.Preparation"/>):
/// each row's combination, the index of its distinct combination of grouping values in the row group, told apart as
/// <see cref="RowGroupParts"/> tells rows apart (strings by identity, numbers by bits). Rows of one combination have equal parts, so the fold finds groups once a
/// combination instead of hashing every row. Every row is covered, whether it counts or not (that is marked later).
/// <see cref="Load"/> reuses its arrays.
/// </summary>
internal sealed class RowGroupCombinations
{
    private readonly RowGroupParts _parts;
    private readonly Dictionary<int, int> _firstRows;
    private int[] _combinations = [];

    /// <summary>Tells rows apart by the text columns <paramref name="texts"/> and the axes <paramref name="axes"/> (as <see cref="RowGroupParts"/> takes them).</summary>
    public RowGroupCombinations(IEnumerable<string> texts, IEnumerable<RecordAxis> axes)
    {
        _parts = new RowGroupParts(texts, axes);
        _firstRows = new Dictionary<int, int>(_parts);
    }

    /// <summary>Each row's combination, from 0 to <see cref="Count"/> - 1, numbered in order of first row.</summary>
    public int[] Combinations => _combinations;

    /// <summary>How many distinct combinations the row group holds.</summary>
    public int Count { get; private set; }

    /// <summary>Numbers the combinations of <paramref name="rowGroup"/>, reading its column arrays only.</summary>
    public void Load(ParquetRowGroup rowGroup)
    {
        ArgumentNullException.ThrowIfNull(rowGroup);
        var rows = rowGroup.RowCount;
        _parts.Load(rowGroup);
        _firstRows.Clear();
        if (_combinations.Length < rows)
        {
            _combinations = new int[rows];
        }

        for (var row = 0; row < rows; row++)
        {
            if (!_firstRows.TryGetValue(row, out var combination))
            {
                combination = _firstRows.Count;
                _firstRows.Add(row, combination);
            }

            _combinations[row] = combination;
        }

        Count = _firstRows.Count;
    }
}
