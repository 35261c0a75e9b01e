using Parquet;
using Parquet.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>A leaf of a fixed-size type, written through its declared field as it is.</summary>
internal sealed class ParquetValueLeaf<T>(DataField field) : IParquetLeafWriter<T>
    where T : struct
{
    public Task WriteAsync(ParquetRowGroupWriter writer, ReadOnlyMemory<T> values, ReadOnlyMemory<int>? definitionLevels, ReadOnlyMemory<int>? repetitionLevels) =>
        writer.WriteAllPartsAsync(field, values, definitionLevels, repetitionLevels, CancellationToken.None);
}
