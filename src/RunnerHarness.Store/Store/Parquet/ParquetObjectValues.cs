using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>A decoded column of reference values (strings, maps); null entries are rows without a value.</summary>
internal sealed class ParquetObjectValues<T>(T?[] values, Action<ResultRecordBuilder, T> set) : ParquetColumnValues
    where T : class
{
    public override void Apply(ResultRecordBuilder record, int row)
    {
        if (values[row] is { } value)
        {
            set(record, value);
        }
    }
}
