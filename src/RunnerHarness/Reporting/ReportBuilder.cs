using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Reporting;

/// <summary>Feeds one pass of records to the aggregations a <see cref="Report"/> needs.</summary>
internal sealed class ReportBuilder
{
    private readonly CumulativeAggregator _view;
    private readonly CumulativeAggregator _heatmap = new([RecordColumns.Model, RecordColumns.PromptType]);
    private readonly CumulativeAggregator _summary = new([RecordColumns.Model, RecordColumns.Difficulty]);
    private readonly RunTrendBuilder _trends = new();
    private readonly ReportSamples? _samples;

    // Each record's groups, found by the values they are keyed by (RecordParts) rather than by each view's key; null
    // when a view groups by a column outside those parts (host, shard, outcome, ...), which then takes each view's lookup.
    private readonly Dictionary<RecordParts, ReportGroups>? _groups;
    private readonly RecordParts? _parts;

    // The fold of whole row groups (Add(ParquetRowGroup)): the columns the sums read, the rows numbered by their
    // combination of the parts' columns, and each combination of the row group (by that number) mapped to its groups and
    // a record of its parts, once a row of it counts.
    private readonly RowGroupColumns _rowColumns = new();
    private readonly RowGroupParts? _rowParts;
    private (ReportGroups Groups, ResultRecord Record)[] _combinationGroups = [];

    /// <summary>Creates a builder grouping the main view by <paramref name="dimensions"/>.</summary>
    public ReportBuilder(IEnumerable<string> dimensions)
        : this(dimensions, sampleLimit: null)
    {
    }

    /// <summary>
    /// Creates a builder grouping the main view by <paramref name="dimensions"/> that also keeps the first
    /// <paramref name="sampleLimit"/> records whole for the interactive HTML report (<see langword="null"/>: none).
    /// </summary>
    public ReportBuilder(IEnumerable<string> dimensions, int? sampleLimit)
    {
        _view = new CumulativeAggregator(dimensions);
        _samples = sampleLimit is { } limit ? new ReportSamples(limit) : null;
        var grouped = _view.Dimensions.Concat(_heatmap.Dimensions).Concat(_summary.Dimensions).ToHashSet(StringComparer.Ordinal);
        if (grouped.All(d => !RecordDimensions.IsColumn(d) || RecordAxes.Find(d) is not null || PartColumns.Contains(d)))
        {
            // The parts hold every value a view's key or a trend item reads: the test, run and model_id columns, the cell
            // axes (the trend item) and any other axis a view groups by. A custom dimension reads the record's map, and
            // records with one skip the cache.
            var axes = RecordAxes.All.Where(a => a.IsCellAxis || grouped.Contains(a.Column)).ToList();
            _parts = new RecordParts(
                [r => r.Assembly, r => r.TestClass, r => r.TestMethod, r => r.RunId, r => r.ModelId],
                axes);
            _groups = [];
            _rowParts = new RowGroupParts(
                [RecordColumns.Assembly, RecordColumns.TestClass, RecordColumns.TestMethod, RecordColumns.RunId, RecordColumns.ModelId],
                axes);
        }
    }

    // The columns outside the axes whose values RecordParts holds for the cache.
    private static readonly HashSet<string> PartColumns = new(StringComparer.Ordinal)
    {
        RecordColumns.Assembly, RecordColumns.TestClass, RecordColumns.TestMethod, RecordColumns.RunId, RecordColumns.ModelId,
    };

    /// <summary>The record columns the report reads; <see langword="null"/> (every column) when it keeps samples whole (a limit above 0).</summary>
    public IEnumerable<string>? Columns => _samples is { Limit: > 0 } ? null
        : _view.Columns.Concat(_heatmap.Columns).Concat(_summary.Columns).Concat(RunTrendBuilder.Columns).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Whether <see cref="Add(ParquetRowGroup)"/> folds row groups from their columns: every view groups by the parts
    /// (no column outside them) and no record is kept whole. Otherwise every record takes <see cref="Add(ResultRecord)"/>.
    /// </summary>
    public bool FoldsRowGroups => _rowParts is not null && _samples is null;

    /// <summary>
    /// Adds the rows of <paramref name="rowGroup"/> that count (<see cref="ParquetRowGroup.Counts"/>), in row order, with
    /// the same sums as adding each row's record (<see cref="ParquetRowGroup.Record(int)"/>): each distinct combination of the
    /// row group's grouping values finds its groups once, from a record of its first row, and every row is summed from
    /// the column arrays into those groups in read order. A row with custom dimensions takes <see cref="Add(ResultRecord)"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The builder does not fold (<see cref="FoldsRowGroups"/>).</exception>
    public void Add(ParquetRowGroup rowGroup)
    {
        ArgumentNullException.ThrowIfNull(rowGroup);
        if (!FoldsRowGroups || _rowParts is null)
        {
            throw new InvalidOperationException("This report keeps records whole or groups by a column outside the record parts; add its records one by one.");
        }

        _rowColumns.Load(rowGroup);
        var combinations = _rowParts.Number(rowGroup);
        if (_combinationGroups.Length < combinations)
        {
            _combinationGroups = new (ReportGroups, ResultRecord)[combinations];
        }
        else
        {
            Array.Clear(_combinationGroups, 0, combinations);
        }

        var dimensions = rowGroup.Maps<string>(RecordColumns.Dimensions);
        for (var row = 0; row < rowGroup.RowCount; row++)
        {
            if (!rowGroup.Counts(row))
            {
                continue;
            }

            if (dimensions?[row] is { Count: > 0 })
            {
                Add(rowGroup.Record(row));
                continue;
            }

            ref var found = ref _combinationGroups[_rowParts.CombinationOf(row)];
            if (found.Groups is null)
            {
                var record = rowGroup.Record(row);
                found = (GroupsOf(record), record);
            }

            var groups = found.Groups;
            var values = new RowGroupRow(_rowColumns, row);
            var resultClass = ResultClassifier.Classify(values);
            groups.View.Add(values, resultClass);
            groups.Heatmap.Add(values, resultClass);
            groups.Summary.Add(values, resultClass);
            groups.Trend = _trends.Add(values, resultClass, groups.Trend, found.Record) ?? groups.Trend;
        }
    }

    /// <summary>Adds one record.</summary>
    public void Add(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_groups is null || _parts is null || record.Dimensions is { Count: > 0 })
        {
            _view.Add(record);
            _heatmap.Add(record);
            _summary.Add(record);
            _trends.Add(record);
        }
        else
        {
            // Each view's group gets the record in read order either way, so every sum is the one the views' own lookups give.
            var groups = GroupsOf(record);
            var values = new ResultRecordRow(record);
            var resultClass = ResultClassifier.Classify(values);
            groups.View.Add(values, resultClass);
            groups.Heatmap.Add(values, resultClass);
            groups.Summary.Add(values, resultClass);
            groups.Trend = _trends.Add(values, resultClass, groups.Trend, record) ?? groups.Trend;
        }

        _samples?.Add(record);
    }

    // The groups of the record's parts, found (or created) by the views' own lookups for the first record of those parts.
    private ReportGroups GroupsOf(ResultRecord record)
    {
        _parts!.Fill(record);
        if (!_groups!.TryGetValue(_parts, out var groups))
        {
            groups = new ReportGroups(_view.GroupOf(record), _heatmap.GroupOf(record), _summary.GroupOf(record));
            _groups.Add(_parts.Copy(), groups);
        }

        return groups;
    }

    /// <summary>Adds every record of <paramref name="records"/>.</summary>
    public ReportBuilder AddRange(IEnumerable<ResultRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            Add(record);
        }

        return this;
    }

    /// <summary>The report of the records added; its trends are built from this builder when first read, so add no record after this.</summary>
    public Report Build(string title, DateTimeOffset generatedAt, string source, IReadOnlyList<string>? filters = null, IReadOnlyList<string>? notes = null) => new()
    {
        Title = title,
        GeneratedAt = generatedAt,
        Source = source,
        Filters = filters ?? [],
        Notes = notes ?? [],
        View = _view.Build(),
        ModelByPromptType = _heatmap.Build(),
        ModelByDifficulty = _summary.Build(),
        // Deferred: the trends' per-run tests are most of the work on a store of many runs, and most formats show none.
        TrendSource = new Lazy<RunTrends>(_trends.Build),
        Samples = _samples ?? ReportSamples.None,
    };
}
