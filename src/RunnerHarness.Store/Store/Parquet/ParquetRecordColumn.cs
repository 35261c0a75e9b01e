using Parquet;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// One column of <see cref="ResultRecord"/> as Parquet stores it: its schema field, how a slice of
/// records becomes that column, and how the column read back sets the records' property.
/// </summary>
internal abstract class ParquetRecordColumn(string name)
{
    /// <summary>The column name, one of <see cref="RecordColumns"/>.</summary>
    public string Name { get; } = name;

    /// <summary>The field this writer declares for the column.</summary>
    public abstract Field SchemaField { get; }

    /// <summary>A buffer gathering this column for row groups of up to <paramref name="rowGroupSize"/> rows.</summary>
    public abstract ParquetColumnBuffer CreateBuffer(int rowGroupSize);

    /// <summary>Why <paramref name="fileField"/> (the field of that name in a file) cannot be read as this column, or <see langword="null"/> when it can.</summary>
    public abstract string? Incompatibility(Field fileField);

    /// <summary>
    /// Decodes the column of one row group of <paramref name="rowCount"/> rows, into <paramref name="reuse"/> (this
    /// column's values of an earlier row group, no longer read) when given, so a read's arrays serve every row group.
    /// </summary>
    /// <exception cref="InvalidDataException">A value cannot be represented in the record.</exception>
    public abstract Task<ParquetColumnValues> ReadAsync(ParquetRowGroupReader reader, Field fileField, int rowCount, ParquetColumnValues? reuse);
}
