using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Makes the Parquet column of each declared record column from its type: optional columns for nullable values,
/// enums as their wire strings, timestamps as <c>TIMESTAMP(MICROS, isAdjustedToUTC=true)</c>, maps as <c>MAP</c>.
/// </summary>
internal sealed class ParquetColumnFactory : IRecordColumnVisitor<ParquetRecordColumn>
{
    public ParquetRecordColumn Text(RecordColumnDescriptor column, Func<ResultRecord, string?> get, Action<ResultRecordBuilder, string> set) =>
        new ParquetStringColumn(column.Name, column.IsNullable, get, set);

    public ParquetRecordColumn Value<T>(RecordColumnDescriptor column, Func<ResultRecord, T?> get, Action<ResultRecordBuilder, T> set)
        where T : struct =>
        new ParquetValueColumn<T>(column.IsNullable ? new DataField<T?>(column.Name) : new DataField<T>(column.Name), get, set);

    public ParquetRecordColumn Timestamp(RecordColumnDescriptor column, Func<ResultRecord, DateTime?> get, Action<ResultRecordBuilder, DateTime> set) =>
        new ParquetValueColumn<DateTime>(
            new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: column.IsNullable),
            r => get(r) is { } value ? ToUtc(value) : null,
            (r, v) => set(r, DateTime.SpecifyKind(v, DateTimeKind.Utc)),
            new ParquetTimestampLeaf(column.Name, column.IsNullable));

    public ParquetRecordColumn Enum<TEnum>(RecordColumnDescriptor column, Func<ResultRecord, TEnum?> get, Action<ResultRecordBuilder, TEnum> set)
        where TEnum : struct, Enum =>
        new ParquetStringColumn(
            column.Name,
            column.IsNullable,
            r => get(r) is { } value ? WireEnum<TEnum>.ToWire(value) : null,
            (r, v) => set(r, WireEnum<TEnum>.Parse(v)),
            v => WireEnum<TEnum>.Parse(v));

    public ParquetRecordColumn TextMap(
        RecordColumnDescriptor column, Func<ResultRecord, Dictionary<string, string>?> get, Action<ResultRecordBuilder, Dictionary<string, string>> set) =>
        new ParquetMapColumn<string, ReadOnlyMemory<char>>(
            column.Name,
            valueNullable: true,
            v => v.ToString(),
            (declared, binary, rows) => new ParquetDictionaryStrings(new ParquetStringLeaf(declared, binary), rows),
            get,
            set);

    public ParquetRecordColumn NumberMap(
        RecordColumnDescriptor column, Func<ResultRecord, Dictionary<string, double>?> get, Action<ResultRecordBuilder, Dictionary<string, double>> set) =>
        new ParquetMapColumn<double, double>(
            column.Name, valueNullable: false, v => v, (declared, _, rows) => new ParquetPrimitiveValues<double>(new ParquetValueLeaf<double>(declared), rows), get, set);

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
