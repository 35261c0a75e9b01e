using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// A per-record number <c>compare --metric</c> compares: a score or count column (<c>final_score</c>,
/// <c>duration_ms</c>, ...) or, for any other name, the entry of that name in the record's <c>metrics</c>.
/// </summary>
internal sealed class ComparedMetric
{
    private static readonly Dictionary<string, Func<ResultRecord, double?>> Columns = new(StringComparer.Ordinal)
    {
        [RecordColumns.FinalScore] = r => r.FinalScore,
        [RecordColumns.WorkflowScore] = r => r.WorkflowScore,
        [RecordColumns.Phase2Score] = r => r.Phase2Score,
        [RecordColumns.QualityScore] = r => r.QualityScore,
        [RecordColumns.ToolCoverageRate] = r => r.ToolCoverageRate,
        [RecordColumns.DurationMs] = r => r.DurationMs,
        [RecordColumns.Turns] = r => r.Turns,
        [RecordColumns.ToolCalls] = r => r.ToolCalls,
    };

    private readonly Func<ResultRecord, double?> _read;

    private ComparedMetric(string name, string column, Func<ResultRecord, double?> read) => (Name, Column, _read) = (name, column, read);

    /// <summary>The metric's name as given.</summary>
    public string Name { get; }

    /// <summary>The record column it is read from.</summary>
    public string Column { get; }

    /// <summary>The record columns that can be named directly (anything else is looked up in <c>metrics</c>).</summary>
    public static IEnumerable<string> ColumnNames => Columns.Keys;

    /// <summary>The metric <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public static ComparedMetric For(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Columns.TryGetValue(name, out var read)
            ? new ComparedMetric(name, name, read)
            : new ComparedMetric(name, RecordColumns.Metrics, r => r.Metrics is { } m && m.TryGetValue(name, out var v) ? v : null);
    }

    /// <summary>The record's value, or <see langword="null"/> when it has none (or a non-finite one).</summary>
    public double? ValueOf(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _read(record) is { } value && double.IsFinite(value) ? value : null;
    }
}
