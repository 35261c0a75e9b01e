using System.Globalization;
using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Counts, per group of the user's grouping, the samples held toward a target per matrix cell, by the one
/// holdings rule (<see cref="SampleHoldings"/>): a record holds its sample when it is a model result, and a
/// sample is its <c>case_key</c>. The target applies to every matrix cell (the <c>case_key</c> without its sample
/// part) a group contains, so two batches or providers that share the grouped values are counted apart, and the
/// samples a group is short of are exactly those a top-up run of the cells seen would execute. Records without a
/// <c>case_key</c> (imports) fall back to the group as their cell and to <c>sample_index</c>, else <c>record_id</c>,
/// as their sample. Memory grows with the number of distinct samples, not records.
/// </summary>
internal sealed class SampleProgressTracker
{
    private readonly string[] _dimensions;
    private readonly Dictionary<string?[], GroupSamples> _groups = new(GroupKeyComparer.Instance);
    private readonly string?[] _scratch;

    /// <summary>Creates a tracker of the groups defined by <paramref name="dimensions"/>.</summary>
    public SampleProgressTracker(IEnumerable<string> dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        _dimensions = [.. dimensions];
        _scratch = new string?[_dimensions.Length];
    }

    /// <summary>The record columns this tracker reads.</summary>
    public IEnumerable<string> Columns =>
        SampleHoldings.Columns
            .Concat([RecordColumns.SampleIndex, RecordColumns.RecordId])
            .Concat(CumulativeGrouping.ColumnsFor(_dimensions));

    /// <summary>Adds one record.</summary>
    public void Add(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        for (var i = 0; i < _dimensions.Length; i++)
        {
            _scratch[i] = RecordDimensions.ValueOf(record, _dimensions[i]);
        }

        if (!_groups.TryGetValue(_scratch, out var group))
        {
            group = new GroupSamples();
            _groups.Add((string?[])_scratch.Clone(), group);
        }

        var cellKey = SampleHoldings.CellOf(record) ?? string.Empty;
        if (!group.Cells.TryGetValue(cellKey, out var cell))
        {
            cell = new CellSamples();
            group.Cells.Add(cellKey, cell);
        }

        if (!SampleHoldings.Holds(record))
        {
            group.NotCounted++;
            return;
        }

        if (record.SampleIndex is { } index)
        {
            cell.Indices.Add(index);
        }

        cell.Samples.Add(SampleHoldings.SampleOf(record)
            ?? (record.SampleIndex is { } sample ? "#" + sample.ToString(CultureInfo.InvariantCulture) : record.RecordId));
    }

    /// <summary>
    /// The progress of every group seen, plus every group of <paramref name="expectedCells"/> (the full
    /// matrix, when known) even if the store has no record of it, ordered by key. A group the store has no
    /// record of counts as one cell.
    /// </summary>
    /// <exception cref="ArgumentException">An expected group has the wrong number of values.</exception>
    public IReadOnlyList<CellProgress> Build(int target, IEnumerable<IReadOnlyList<string?>>? expectedCells = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        var keys = new HashSet<string?[]>(_groups.Keys, GroupKeyComparer.Instance);
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
            .Select(key => Progress(key, _groups.GetValueOrDefault(key), target))
            .OrderBy(p => new GroupRow(p.Key, EmptyStatistics), comparer)];
    }

    private static readonly GroupStatistics EmptyStatistics = new StatisticsAccumulator().ToStatistics();

    private static CellProgress Progress(string?[] key, GroupSamples? group, int target)
    {
        if (group is null)
        {
            return new CellProgress(key, 0, target, 0, [.. Enumerable.Range(0, target)]) { Cells = 1, ToRun = target };
        }

        long held = 0;
        long toRun = 0;
        var missing = new SortedSet<int>();
        var indicesKnown = true;
        foreach (var cell in group.Cells.Values)
        {
            held += cell.Samples.Count;
            toRun += Math.Max(0, target - cell.Samples.Count);

            // Missing indices are only meaningful when every held record carried its index.
            indicesKnown &= cell.Indices.Count == cell.Samples.Count;
            missing.UnionWith(Enumerable.Range(0, target).Where(i => !cell.Indices.Contains(i)));
        }

        return new CellProgress(key, held, (long)target * group.Cells.Count, group.NotCounted, indicesKnown ? [.. missing] : [])
        {
            Cells = group.Cells.Count,
            ToRun = toRun,
        };
    }
}
