using RunnerHarness.Aggregation;
using RunnerHarness.Schema;

namespace RunnerHarness.Reporting;

/// <summary>
/// Feeds one pass of records to the aggregations a <see cref="Report"/> needs. The run trends, whose tallies are counts
/// that do not depend on the order of the records, are built on a pool thread a batch of records at a time, beside the
/// grouped views (whose sums keep the order of the pass, so their numbers are the same to the last digit).
/// </summary>
public sealed class ReportBuilder
{
    // Large enough that handing a batch over costs little against its records, small enough that two batches of
    // records held at once stay a few megabytes.
    private const int TrendBatchSize = 4096;

    private readonly CumulativeAggregator _view;
    private readonly CumulativeAggregator _heatmap = new([RecordColumns.Model, RecordColumns.PromptType]);
    private readonly CumulativeAggregator _summary = new([RecordColumns.Model, RecordColumns.Difficulty]);
    private readonly RunTrendBuilder _trends = new();
    private readonly ReportSamples? _samples;

    // The batch being filled, and the other one, which the trends task may be reading.
    private ResultRecord[] _trendBatch = new ResultRecord[TrendBatchSize];
    private ResultRecord[] _spareBatch = new ResultRecord[TrendBatchSize];
    private int _trendCount;
    private Task _trendWork = Task.CompletedTask;

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
        _samples?.Add(record);
        _trendBatch[_trendCount++] = record;
        if (_trendCount == TrendBatchSize)
        {
            HandOverTrendBatch();
        }
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
    public Report Build(string title, DateTimeOffset generatedAt, string source, IReadOnlyList<string>? filters = null, IReadOnlyList<string>? notes = null)
    {
        HandOverTrendBatch();
        _trendWork.GetAwaiter().GetResult();
        return Build(title, generatedAt, source, filters ?? [], notes ?? [], _trends.Build());
    }

    private Report Build(string title, DateTimeOffset generatedAt, string source, IReadOnlyList<string> filters, IReadOnlyList<string> notes, RunTrends trends) => new()
    {
        Title = title,
        GeneratedAt = generatedAt,
        Source = source,
        Filters = filters,
        Notes = notes,
        View = _view.Build(),
        ModelByPromptType = _heatmap.Build(),
        ModelByDifficulty = _summary.Build(),
        Trends = trends,
        Samples = _samples ?? ReportSamples.None,
    };

    // Waits for the trends task to finish the batch before, then gives it the batch filled since; one batch at a time,
    // in order, so the trends builder is never used by two threads at once.
    private void HandOverTrendBatch()
    {
        _trendWork.GetAwaiter().GetResult();
        if (_trendCount == 0)
        {
            return;
        }

        var batch = _trendBatch;
        var count = _trendCount;
        (_trendBatch, _spareBatch) = (_spareBatch, batch);
        _trendCount = 0;
        _trendWork = Task.Run(() =>
        {
            for (var i = 0; i < count; i++)
            {
                _trends.Add(batch[i]);
                batch[i] = null!;
            }
        });
    }
}
