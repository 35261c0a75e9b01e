using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Counts, per matrix cell, the samples held toward a target. A record counts when it is a model result
/// (passed or failed; see <see cref="ResultClassifier"/>): skipped tests and infrastructure failures do not,
/// because a top-up must run them again. A sample is identified by its <c>sample_index</c> when present,
/// else by its <c>case_key</c>, else by its <c>record_id</c>, so a sample recorded twice (a retry that
/// wrote a second record) is held once. Memory grows with the number of distinct samples, not records.
/// </summary>
public sealed class SampleProgressTracker
{
    private readonly string[] _dimensions;
    private readonly Dictionary<string?[], CellSamples> _cells = new(GroupKeyComparer.Instance);
    private readonly string?[] _scratch;

    /// <summary>Creates a tracker of the cells defined by <paramref name="dimensions"/>.</summary>
    public SampleProgressTracker(IEnumerable<string> dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        _dimensions = [.. dimensions];
        _scratch = new string?[_dimensions.Length];
    }

    /// <summary>The record columns this tracker reads.</summary>
    public IEnumerable<string> Columns =>
        ResultClassifier.Columns
            .Concat([RecordColumns.SampleIndex, RecordColumns.CaseKey])
            .Concat(CumulativeGrouping.ColumnsFor(_dimensions));

    /// <summary>Adds one record.</summary>
    public void Add(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        for (var i = 0; i < _dimensions.Length; i++)
        {
            _scratch[i] = RecordDimensions.ValueOf(record, _dimensions[i]);
        }

        if (!_cells.TryGetValue(_scratch, out var cell))
        {
            cell = new CellSamples();
            _cells.Add((string?[])_scratch.Clone(), cell);
        }

        if (!ResultClassifier.IsModelResult(ResultClassifier.Classify(record)))
        {
            cell.NotCounted++;
        }
        else if (record.SampleIndex is { } index)
        {
            cell.Indices.Add(index);
        }
        else
        {
            cell.Others.Add(record.CaseKey ?? record.RecordId);
        }
    }

    /// <summary>
    /// The progress of every cell seen, plus every cell of <paramref name="expectedCells"/> (the full
    /// matrix, when known) even if the store has no record of it, ordered by key.
    /// </summary>
    /// <exception cref="ArgumentException">An expected cell has the wrong number of values.</exception>
    public IReadOnlyList<CellProgress> Build(int target, IEnumerable<IReadOnlyList<string?>>? expectedCells = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        var keys = new HashSet<string?[]>(_cells.Keys, GroupKeyComparer.Instance);
        foreach (var expected in expectedCells ?? [])
        {
            if (expected.Count != _dimensions.Length)
            {
                throw new ArgumentException($"An expected cell has {expected.Count} values for {_dimensions.Length} dimensions.", nameof(expectedCells));
            }

            keys.Add([.. expected]);
        }

        var comparer = new GroupRowComparer(_dimensions);
        return [.. keys
            .Select(key => Progress(key, _cells.GetValueOrDefault(key), target))
            .OrderBy(p => new GroupRow(p.Key, EmptyStatistics), comparer)];
    }

    private static readonly GroupStatistics EmptyStatistics = new StatisticsAccumulator().ToStatistics();

    private static CellProgress Progress(string?[] key, CellSamples? cell, int target)
    {
        if (cell is null)
        {
            return new CellProgress(key, 0, target, 0, [.. Enumerable.Range(0, target)]);
        }

        var held = cell.Indices.Count + cell.Others.Count;

        // Missing indices are only meaningful when every counted record carried its index.
        IReadOnlyList<int> missing = cell.Others.Count == 0
            ? [.. Enumerable.Range(0, target).Where(i => !cell.Indices.Contains(i))]
            : [];
        return new CellProgress(key, held, target, cell.NotCounted, missing);
    }
}
