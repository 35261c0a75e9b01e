using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// A decoded column of primitive values; null entries are rows without a value. The array is the reader's to reuse for
/// a later row group of the same column (<see cref="Rows"/>), so a read does not allocate a new large array a row group.
/// </summary>
internal sealed class ParquetStructValues<T>(Action<ResultRecordBuilder, T> set) : ParquetColumnValues
    where T : struct
{
    private T?[] _values = [];

    /// <summary>
    /// The array to decode a row group of <paramref name="rowCount"/> rows into, every entry null: this one's, cleared, when
    /// it is large enough, else a new one. The rows of the row group decoded before are gone after this call.
    /// </summary>
    public T?[] Rows(int rowCount)
    {
        if (_values.Length < rowCount)
        {
            _values = new T?[rowCount];
        }
        else
        {
            // A row the new row group leaves null must not show the previous row group's value.
            Array.Clear(_values);
        }

        return _values;
    }

    /// <summary>The values of the row group decoded last, a row an entry (the array may be longer than the row group).</summary>
    public T?[] Values => _values;

    public override void Apply(ResultRecordBuilder record, int row)
    {
        if (_values[row] is { } value)
        {
            set(record, value);
        }
    }
}
