using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>A decoded column of primitive values; null entries are rows without a value.</summary>
internal sealed class ParquetStructValues<T>(Action<ResultRecordBuilder, T> set) : ParquetReusedRows<T?>
    where T : struct
{
    public override void Apply(ResultRecordBuilder record, int row)
    {
        if (Values[row] is { } value)
        {
            set(record, value);
        }
    }
}
