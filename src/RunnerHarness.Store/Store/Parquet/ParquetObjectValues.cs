using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>A decoded column of reference values (strings, maps); null entries are rows without a value.</summary>
internal sealed class ParquetObjectValues<T>(Action<ResultRecordBuilder, T> set) : ParquetReusedRows<T?>
    where T : class
{
    public override void Apply(ResultRecordBuilder record, int row)
    {
        if (Values[row] is { } value)
        {
            set(record, value);
        }
    }
}
