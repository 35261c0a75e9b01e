using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// One column of a decoded row group, kept as an array so records are made one at a time as the
/// reader's caller asks for them: records that are aggregated and dropped die young instead of a
/// row group's worth of them being promoted by the garbage collector.
/// </summary>
internal abstract class ParquetColumnValues
{
    /// <summary>Sets the column's value of row <paramref name="row"/> on <paramref name="record"/>, the builder of that row's record; a null leaves it unset.</summary>
    public abstract void Apply(ResultRecordBuilder record, int row);
}
