using RunnerHarness.Aggregation;
using RunnerHarness.Schema;

namespace RunnerHarness.Reporting;

/// <summary>Feeds one pass of records to the aggregations a <see cref="Report"/> needs.</summary>
public sealed class ReportBuilder
{
    private readonly CumulativeAggregator _view;
    private readonly CumulativeAggregator _heatmap = new([RecordColumns.Model, RecordColumns.PromptType]);
    private readonly CumulativeAggregator _summary = new([RecordColumns.Model, RecordColumns.Difficulty]);
    private readonly RunTrendBuilder _trends = new();
    private readonly ReportSamples? _samples;

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
    }

    /// <summary>The record columns the report reads; <see langword="null"/> (every column) when it keeps samples whole (a limit above 0).</summary>
    public IEnumerable<string>? Columns => _samples is { Limit: > 0 } ? null
        : _view.Columns.Concat(_heatmap.Columns).Concat(_summary.Columns).Concat(RunTrendBuilder.Columns).Distinct(StringComparer.Ordinal);

    /// <summary>Adds one record.</summary>
    public void Add(ResultRecord record)
    {
        _view.Add(record);
        _heatmap.Add(record);
        _summary.Add(record);
        _trends.Add(record);
        _samples?.Add(record);
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
        Trends = _trends.Build(),
        Samples = _samples ?? ReportSamples.None,
    };
}
