using RunnerHarness.Aggregation;
using RunnerHarness.Schema;

namespace RunnerHarness.Reporting;

/// <summary>Feeds one pass of records to the aggregations a <see cref="Report"/> needs.</summary>
public sealed class ReportBuilder
{
    private readonly CumulativeAggregator _view;
    private readonly CumulativeAggregator _heatmap = new([RecordColumns.Model, RecordColumns.PromptType]);
    private readonly CumulativeAggregator _summary = new([RecordColumns.Model, RecordColumns.Difficulty]);

    /// <summary>Creates a builder grouping the main view by <paramref name="dimensions"/>.</summary>
    public ReportBuilder(IEnumerable<string> dimensions) => _view = new CumulativeAggregator(dimensions);

    /// <summary>The record columns the report reads.</summary>
    public IEnumerable<string> Columns => _view.Columns.Concat(_heatmap.Columns).Concat(_summary.Columns).Distinct(StringComparer.Ordinal);

    /// <summary>Adds one record.</summary>
    public void Add(ResultRecord record)
    {
        _view.Add(record);
        _heatmap.Add(record);
        _summary.Add(record);
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

    /// <summary>The report of the records added.</summary>
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
    };
}
