using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>A decoded column of primitive values; null entries are rows without a value.</summary>
internal sealed class ParquetStructValues<T>(T?[] values, Action<ResultRecordBuilder, T> set) : ParquetColumnValues
    where T : struct
{
    public override void Apply(ResultRecordBuilder record, int row)
    {
        if (values[row] is { } value)
        {
            set(record, value);
        }
    }
}
