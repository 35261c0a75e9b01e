using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Running sums of one group: constant memory whatever the number of records added. Accumulators of
/// disjoint record sets merge into the accumulator of their union, which is how subtotals are built.
/// </summary>
internal sealed class StatisticsAccumulator
{
    private const int DurationMetric = 0;
    private const int TurnsMetric = 1;
    private const int ToolCallsMetric = 2;
    private const int WorkflowMetric = 3;
    private const int Phase2Metric = 4;
    private const int QualityMetric = 5;
    private const int FinalMetric = 6;
    private const int CoverageMetric = 7;
    private const int MetricCount = 8;

    private readonly long[] _classes = new long[5];
    private readonly long[] _infrastructure = new long[ErrorCategory.InfrastructureCategories.Count];
    private readonly long[] _errors = new long[ErrorCategory.ModelCategories.Count];
    private readonly double[] _sums = new double[MetricCount];
    private readonly long[] _counts = new long[MetricCount];
    private long _assisted;
    private long _assistedSuccess;
    private double _assistedTurns;
    // The metric RunnerHarness.Models' SampleUsage.ReplayedMetric writes (this project does not reference that one).
    private const string ReplayedMetric = "model_replayed";

    private long _replayed;
    private double _costUsd;
    private long _costed;
    private DateTime? _first;
    private DateTime? _last;

    /// <summary>The columns <see cref="Add"/> reads; project a read to these (plus the grouping columns).</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        .. ResultClassifier.Columns,
        RecordColumns.FinishedAt, RecordColumns.DurationMs, RecordColumns.Turns, RecordColumns.ToolCalls,
        RecordColumns.WorkflowScore, RecordColumns.Phase2Score, RecordColumns.QualityScore, RecordColumns.FinalScore,
        RecordColumns.ToolCoverageRate, RecordColumns.CostUsd, RecordColumns.Metrics,
    ];

    /// <summary>Adds one record.</summary>
    public void Add(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Add(new ResultRecordRow(record));
    }

    /// <summary>Adds one record, as a row of a record or of a decoded row group (the sums are the same either way).</summary>
    public void Add<TRow>(TRow record)
        where TRow : struct, IRecordRow => Add(record, ResultClassifier.Classify(record));

    /// <summary>
    /// <see cref="Add{TRow}(TRow)"/> of a record whose class, <see cref="ResultClassifier.Classify{TRow}(TRow)"/>, is
    /// <paramref name="resultClass"/> (a caller adding one record to several groups classifies it once).
    /// </summary>
    public void Add<TRow>(TRow record, ResultClass resultClass)
        where TRow : struct, IRecordRow
    {
        Track(record.FinishedAt);
        if (record.Metrics is { } flags && flags.TryGetValue(ReplayedMetric, out var replayed) && replayed > 0)
        {
            // A plain theory's rerun answered wholly from the response cache: the earlier answer again, not a new sample.
            _replayed++;
            return;
        }

        _classes[(int)resultClass]++;

        // Every record's cost counts, infrastructure failures' too: the money was spent whatever the result.
        if (record.CostUsd is { } cost && double.IsFinite(cost))
        {
            _costUsd += cost;
            _costed++;
        }

        if (resultClass == ResultClass.Infrastructure)
        {
            _infrastructure[IndexOf(ErrorCategory.InfrastructureCategories, record.ErrorCategory!)]++;
            return;
        }

        if (!ResultClassifier.IsModelResult(resultClass))
        {
            return;
        }

        var error = ResultClassifier.ModelErrorCategory(record, resultClass);
        if (error >= 0)
        {
            _errors[error]++;
        }

        Sum(DurationMetric, record.DurationMs);
        Sum(TurnsMetric, record.Turns);
        Sum(ToolCallsMetric, record.ToolCalls);
        Sum(WorkflowMetric, record.WorkflowScore);
        Sum(Phase2Metric, record.Phase2Score);
        Sum(QualityMetric, record.QualityScore);
        Sum(FinalMetric, record.FinalScore);
        Sum(CoverageMetric, record.ToolCoverageRate);

        if (record.Metrics is { } metrics
            && metrics.TryGetValue(AssistanceStatistics.FormatErrorCountMetric, out var assistedTurns)
            && assistedTurns > 0)
        {
            _assisted++;
            _assistedTurns += assistedTurns;
            if (resultClass != ResultClass.Failure)
            {
                _assistedSuccess++;
            }
        }
    }

    /// <summary>Adds everything <paramref name="other"/> holds.</summary>
    public void Merge(StatisticsAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        AddAll(_classes, other._classes);
        AddAll(_infrastructure, other._infrastructure);
        AddAll(_errors, other._errors);
        AddAll(_counts, other._counts);
        for (var i = 0; i < MetricCount; i++)
        {
            _sums[i] += other._sums[i];
        }

        _replayed += other._replayed;
        _costUsd += other._costUsd;
        _costed += other._costed;
        _assisted += other._assisted;
        _assistedSuccess += other._assistedSuccess;
        _assistedTurns += other._assistedTurns;
        Track(other._first);
        Track(other._last);
    }

    /// <summary>The statistics of what was added so far.</summary>
    public GroupStatistics ToStatistics()
    {
        var full = _classes[(int)ResultClass.FullSuccess];
        var partial = _classes[(int)ResultClass.PartialSuccess];
        var failed = _classes[(int)ResultClass.Failure];
        var total = full + partial + failed;
        var totalErrors = _errors.Sum();
        var infrastructure = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < _infrastructure.Length; i++)
        {
            if (_infrastructure[i] > 0)
            {
                infrastructure[ErrorCategory.InfrastructureCategories[i]] = _infrastructure[i];
            }
        }

        return new GroupStatistics
        {
            Records = _classes.Sum() + _replayed,
            Replayed = _replayed,
            Total = total,
            Success = full + partial,
            FullSuccess = full,
            PartialSuccess = partial,
            Failed = failed,
            Skipped = _classes[(int)ResultClass.Skipped],
            InfrastructureFailures = _classes[(int)ResultClass.Infrastructure],
            InfrastructureByCategory = infrastructure,
            SuccessRate = new Proportion(full + partial, total),
            FullSuccessRate = new Proportion(full, total),
            PartialSuccessRate = new Proportion(partial, total),
            FailureRate = new Proportion(failed, total),
            WeightedSuccessScore = total == 0 ? null : (full + (0.5 * partial)) / total,
            Means = new MetricMeans
            {
                DurationMs = Mean(DurationMetric),
                Turns = Mean(TurnsMetric),
                ToolCalls = Mean(ToolCallsMetric),
                WorkflowScore = Mean(WorkflowMetric),
                Phase2Score = Mean(Phase2Metric),
                QualityScore = Mean(QualityMetric),
                FinalScore = Mean(FinalMetric),
                ToolCoverageRate = Mean(CoverageMetric),
            },
            TotalErrors = totalErrors,
            Errors = [.. ErrorCategory.ModelCategories.Select((category, i) => new ErrorCategoryStatistics(
                category,
                _errors[i],
                totalErrors == 0 ? null : (double)_errors[i] / totalErrors,
                total == 0 ? null : (double)_errors[i] / total))],
            Cost = new CostStatistics(_costed, _costUsd),
            Assistance = new AssistanceStatistics(_assisted, _assistedSuccess, _assisted - _assistedSuccess, _assistedTurns),
            FirstFinishedAt = _first,
            LastFinishedAt = _last,
        };
    }

    private void Sum(int metric, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            _sums[metric] += v;
            _counts[metric]++;
        }
    }

    private double? Mean(int metric) => _counts[metric] == 0 ? null : _sums[metric] / _counts[metric];

    private void Track(DateTime? instant)
    {
        if (instant is not { } at)
        {
            return;
        }

        if (_first is null || at < _first)
        {
            _first = at;
        }

        if (_last is null || at > _last)
        {
            _last = at;
        }
    }

    private static void AddAll(long[] target, long[] source)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] += source[i];
        }
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"'{value}' is not in the list.", nameof(value));
    }
}
