using Parquet.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Fields that stand in for a declared column when a row group is written (<see cref="ParquetStringLeaf"/>,
/// <see cref="ParquetTimestampLeaf"/>): the same name and levels, declared with another type so that Parquet.Net writes
/// the same bytes with other statistics. The file's schema is always written from the declared fields.
/// </summary>
internal static class ParquetTwinField
{
    /// <summary>Attaches <paramref name="field"/> to a schema of its own, which gives it its levels, and returns it.</summary>
    public static TField Attach<TField>(TField field)
        where TField : Field
    {
        _ = new ParquetSchema(field);
        return field;
    }
}
