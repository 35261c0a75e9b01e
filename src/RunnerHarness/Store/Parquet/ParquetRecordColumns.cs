using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The Parquet columns of <see cref="ResultRecord"/>, in <see cref="RecordSchema.ColumnNames"/> order.
/// Nullable properties are optional columns; enums are their wire strings; timestamps are
/// <c>TIMESTAMP(MICROS, isAdjustedToUTC=true)</c>.
/// </summary>
internal static class ParquetRecordColumns
{
    /// <summary>Every column, in schema order.</summary>
    public static IReadOnlyList<ParquetRecordColumn> All { get; } =
    [
        Value<int>(new DataField<int>(RecordColumns.FormatVersion), r => r.FormatVersion, (r, v) => r.FormatVersion = v),
        new ParquetStringColumn(RecordColumns.RecordId, nullable: false, r => r.RecordId, (r, v) => r.RecordId = v),
        Text(RecordColumns.RunId, r => r.RunId, (r, v) => r.RunId = v),
        Text(RecordColumns.CaseKey, r => r.CaseKey, (r, v) => r.CaseKey = v),
        Text(RecordColumns.Assembly, r => r.Assembly, (r, v) => r.Assembly = v),
        Text(RecordColumns.TestClass, r => r.TestClass, (r, v) => r.TestClass = v),
        Text(RecordColumns.TestMethod, r => r.TestMethod, (r, v) => r.TestMethod = v),
        Text(RecordColumns.DisplayName, r => r.DisplayName, (r, v) => r.DisplayName = v),
        new ParquetStringColumn(
            RecordColumns.Outcome,
            nullable: false,
            r => WireEnum<TestOutcome>.ToWire(r.Outcome),
            (r, v) => r.Outcome = WireEnum<TestOutcome>.Parse(v),
            v => WireEnum<TestOutcome>.Parse(v)),
        Timestamp(RecordColumns.StartedAt, r => r.StartedAt, (r, v) => r.StartedAt = v),
        Timestamp(RecordColumns.FinishedAt, r => r.FinishedAt, (r, v) => r.FinishedAt = v),
        Value<double>(RecordColumns.DurationMs, r => r.DurationMs, (r, v) => r.DurationMs = v),
        .. RecordAxes.All.Select(AxisColumn),
        new ParquetStringColumn(
            RecordColumns.SuccessLevel,
            nullable: true,
            r => r.SuccessLevel is { } level ? WireEnum<SuccessLevel>.ToWire(level) : null,
            (r, v) => r.SuccessLevel = WireEnum<SuccessLevel>.Parse(v),
            v => WireEnum<SuccessLevel>.Parse(v)),
        Text(RecordColumns.ErrorCategory, r => r.ErrorCategory, (r, v) => r.ErrorCategory = v),
        Text(RecordColumns.ErrorMessage, r => r.ErrorMessage, (r, v) => r.ErrorMessage = v),
        Value<int>(RecordColumns.Turns, r => r.Turns, (r, v) => r.Turns = v),
        Value<int>(RecordColumns.ToolCalls, r => r.ToolCalls, (r, v) => r.ToolCalls = v),
        Value<double>(RecordColumns.WorkflowScore, r => r.WorkflowScore, (r, v) => r.WorkflowScore = v),
        Value<double>(RecordColumns.Phase2Score, r => r.Phase2Score, (r, v) => r.Phase2Score = v),
        Value<double>(RecordColumns.QualityScore, r => r.QualityScore, (r, v) => r.QualityScore = v),
        Value<double>(RecordColumns.FinalScore, r => r.FinalScore, (r, v) => r.FinalScore = v),
        Value<double>(RecordColumns.ToolCoverageRate, r => r.ToolCoverageRate, (r, v) => r.ToolCoverageRate = v),
        Value<long>(RecordColumns.InputTokens, r => r.InputTokens, (r, v) => r.InputTokens = v),
        Value<long>(RecordColumns.OutputTokens, r => r.OutputTokens, (r, v) => r.OutputTokens = v),
        Value<int>(RecordColumns.Attempt, r => r.Attempt, (r, v) => r.Attempt = v),
        Text(RecordColumns.Host, r => r.Host, (r, v) => r.Host = v),
        Value<int>(RecordColumns.ProcessId, r => r.ProcessId, (r, v) => r.ProcessId = v),
        Text(RecordColumns.Shard, r => r.Shard, (r, v) => r.Shard = v),
        TextMap(RecordColumns.Dimensions, r => r.Dimensions, (r, v) => r.Dimensions = v),
        new ParquetMapColumn<double, double>(RecordColumns.Metrics, valueNullable: false, v => v, v => v, r => r.Metrics, (r, v) => r.Metrics = v),
        Text(RecordColumns.ExceptionType, r => r.ExceptionType, (r, v) => r.ExceptionType = v),
        Text(RecordColumns.Output, r => r.Output, (r, v) => r.Output = v),
        TextMap(RecordColumns.Traits, r => r.Traits, (r, v) => r.Traits = v),
        Value<bool>(RecordColumns.Reconstructed, r => r.Reconstructed, (r, v) => r.Reconstructed = v),
    ];

    /// <summary>The file schema every <see cref="ParquetSegmentWriter"/> writes.</summary>
    public static ParquetSchema Schema { get; } = CreateSchema();

    private static ParquetSchema CreateSchema()
    {
        // A column added to ResultRecord without one here would silently not be stored: refuse to start.
        var names = All.Select(c => c.Name).ToArray();
        if (!names.SequenceEqual(RecordSchema.ColumnNames, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"The Parquet columns ({string.Join(", ", names)}) do not match the record columns ({string.Join(", ", RecordSchema.ColumnNames)}).");
        }

        return new ParquetSchema(All.Select(c => c.SchemaField));
    }

    // The axes' columns come from the axis table, typed as their record properties are.
    private static ParquetRecordColumn AxisColumn(RecordAxis axis) => axis switch
    {
        TypedRecordAxis<string?> text => Text(text.Column, text.Get, (r, v) => text.Set(r, v)),
        TypedRecordAxis<double?> number => Value<double>(number.Column, number.Get, (r, v) => number.Set(r, v)),
        TypedRecordAxis<int?> index => Value<int>(index.Column, index.Get, (r, v) => index.Set(r, v)),
        _ => throw new InvalidOperationException($"The axis {axis.Column} has a type no Parquet column is made for."),
    };

    private static ParquetStringColumn Text(string name, Func<ResultRecord, string?> get, Action<ResultRecordBuilder, string> set) =>
        new(name, nullable: true, get, set);

    private static ParquetMapColumn<string, ReadOnlyMemory<char>> TextMap(
        string name, Func<ResultRecord, Dictionary<string, string>?> get, Action<ResultRecordBuilder, Dictionary<string, string>> set) =>
        new(name, valueNullable: true, v => v.AsMemory(), v => v.ToString(), get, set);

    private static ParquetValueColumn<T> Value<T>(string name, Func<ResultRecord, T?> get, Action<ResultRecordBuilder, T> set)
        where T : struct =>
        new(new DataField<T?>(name), get, set);

    private static ParquetValueColumn<T> Value<T>(DataField field, Func<ResultRecord, T?> get, Action<ResultRecordBuilder, T> set)
        where T : struct =>
        new(field, get, set);

    private static ParquetValueColumn<DateTime> Timestamp(string name, Func<ResultRecord, DateTime?> get, Action<ResultRecordBuilder, DateTime> set) =>
        new(
            new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
            r => get(r) is { } value ? ToUtc(value) : null,
            (r, v) => set(r, DateTime.SpecifyKind(v, DateTimeKind.Utc)));

    // Microseconds, not nanoseconds: int64 nanoseconds only reach 1677-2262 and Parquet.Net 6.1.0
    // silently wraps DateTime.MinValue there, while microseconds hold every DateTime; it is also what
    // DuckDB and Spark keep. The cost is the last 100 ns digit of a tick, truncated.
    // The column holds UTC instants: a local time is converted, an unspecified one is taken as UTC
    // (what the JSON writer implies by writing it without an offset).
    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };
}
