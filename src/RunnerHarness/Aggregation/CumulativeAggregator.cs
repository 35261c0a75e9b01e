using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Builds a <see cref="CumulativeView"/> in one streaming pass: each record updates the running sums of
/// its group and is dropped, so memory grows with the number of groups, never with the number of records.
/// </summary>
internal sealed class CumulativeAggregator
{
    private readonly string[] _dimensions;
    private readonly Dictionary<string?[], StatisticsAccumulator> _groups = new(GroupKeyComparer.Instance);
    private readonly string?[] _scratch;

    // The position of the model dimension, or -1: its groups are kept apart by model_id until Build labels them.
    private readonly int _modelIndex;

    /// <summary>Creates an aggregator grouping by <paramref name="dimensions"/>, outermost first (column names or custom dimension names).</summary>
    /// <exception cref="ArgumentException">A dimension is empty or repeated.</exception>
    public CumulativeAggregator(IEnumerable<string> dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        _dimensions = [.. dimensions];
        if (_dimensions.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A grouping dimension name is empty.", nameof(dimensions));
        }

        if (_dimensions.Distinct(StringComparer.Ordinal).Count() != _dimensions.Length)
        {
            throw new ArgumentException($"A grouping dimension is repeated: {string.Join(", ", _dimensions)}.", nameof(dimensions));
        }

        _modelIndex = Array.IndexOf(_dimensions, RecordColumns.Model);
        // One more key part, the record's model_id, when grouping by model.
        _scratch = new string?[_dimensions.Length + (_modelIndex >= 0 ? 1 : 0)];
    }

    /// <summary>The grouping dimensions.</summary>
    public IReadOnlyList<string> Dimensions => _dimensions;

    /// <summary>The record columns this aggregation reads; use them as the read's projection.</summary>
    public IEnumerable<string> Columns => StatisticsAccumulator.Columns
        .Concat(CumulativeGrouping.ColumnsFor(_dimensions))
        .Concat(_modelIndex >= 0 ? [RecordColumns.ModelId] : [])
        .Distinct(StringComparer.Ordinal);

    /// <summary>How many groups exist so far.</summary>
    public int GroupCount => _groups.Count;

    /// <summary>Adds one record to its group.</summary>
    public void Add(ResultRecord record) => GroupOf(record).Add(record);

    /// <summary>
    /// The running sums of <paramref name="record"/>'s group, created (empty) when it is the group's first record. A
    /// caller that knows two records share a group may add the second to the sums the first got, in record order.
    /// </summary>
    internal StatisticsAccumulator GroupOf(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        for (var i = 0; i < _dimensions.Length; i++)
        {
            _scratch[i] = RecordDimensions.ValueOf(record, _dimensions[i]);
        }

        if (_modelIndex >= 0)
        {
            _scratch[^1] = record.ModelId;
        }

        if (!_groups.TryGetValue(_scratch, out var accumulator))
        {
            accumulator = new StatisticsAccumulator();
            _groups.Add((string?[])_scratch.Clone(), accumulator);
        }

        return accumulator;
    }

    /// <summary>Adds every record of <paramref name="records"/>.</summary>
    public CumulativeAggregator AddRange(IEnumerable<ResultRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            Add(record);
        }

        return this;
    }

    /// <summary>
    /// The view of the records added so far, with subtotals for every prefix of the dimensions. A model name whose records
    /// carry several <c>model_id</c>s (a snapshot changed mid-study) is shown apart per <c>model_id</c>, labelled
    /// <c>gpt-4o (gpt-4o-2024-08-06)</c>; its records without a <c>model_id</c> keep the plain name. A model with one
    /// <c>model_id</c> keeps its name.
    /// </summary>
    public CumulativeView Build()
    {
        var groups = LabelledGroups();
        var levels = new IReadOnlyList<GroupRow>[_dimensions.Length + 1];
        for (var depth = 0; depth <= _dimensions.Length; depth++)
        {
            var merged = new Dictionary<string?[], StatisticsAccumulator>(GroupKeyComparer.Instance);
            foreach (var (key, accumulator) in groups)
            {
                var prefix = key[..depth];
                if (!merged.TryGetValue(prefix, out var target))
                {
                    target = new StatisticsAccumulator();
                    merged.Add(prefix, target);
                }

                target.Merge(accumulator);
            }

            if (depth == 0 && merged.Count == 0)
            {
                merged.Add([], new StatisticsAccumulator());
            }

            levels[depth] = [.. merged
                .Select(pair => new GroupRow(pair.Key, pair.Value.ToStatistics()))
                .Order(new GroupRowComparer(_dimensions))];
        }

        return new CumulativeView(_dimensions, levels[0][0].Statistics, levels);
    }

    // The groups keyed by the dimensions only: the model_id part dropped, or folded into the model's label when that
    // model has several model_ids, so two snapshots of one model name never merge into one row.
    private Dictionary<string?[], StatisticsAccumulator> LabelledGroups()
    {
        if (_modelIndex < 0)
        {
            return _groups;
        }

        var snapshots = _groups.Keys
            .Where(k => k[^1] is not null)
            .GroupBy(k => k[_modelIndex] ?? "", StringComparer.Ordinal)
            .Where(g => g.Select(k => k[^1]).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        var labelled = new Dictionary<string?[], StatisticsAccumulator>(GroupKeyComparer.Instance);
        foreach (var (key, accumulator) in _groups)
        {
            var dimensions = key[..^1];
            if (key[^1] is { } modelId && snapshots.Contains(key[_modelIndex] ?? ""))
            {
                dimensions[_modelIndex] = $"{key[_modelIndex]} ({modelId})";
            }

            if (!labelled.TryGetValue(dimensions, out var target))
            {
                target = new StatisticsAccumulator();
                labelled.Add(dimensions, target);
            }

            target.Merge(accumulator);
        }

        return labelled;
    }
}
