using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The Parquet columns of <see cref="ResultRecord"/>, in <see cref="RecordSchema.ColumnNames"/> order: one per
/// declared column, made from its type by <see cref="ParquetColumnFactory"/>.
/// </summary>
internal static class ParquetRecordColumns
{
    /// <summary>Every column, in schema order.</summary>
    public static IReadOnlyList<ParquetRecordColumn> All { get; } = RecordColumnAccessors.Visit(new ParquetColumnFactory());

    /// <summary>The file schema every <see cref="ParquetSegmentWriter"/> writes.</summary>
    public static ParquetSchema Schema { get; } = new(All.Select(c => c.SchemaField));
}
