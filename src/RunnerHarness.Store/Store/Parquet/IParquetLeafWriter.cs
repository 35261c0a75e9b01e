using Parquet;

namespace RunnerHarness.Store.Parquet;

/// <summary>Writes one leaf column of a row group: its defined values with their definition (and repetition) levels.</summary>
/// <typeparam name="T">How Parquet.Net carries the values (<see cref="ReadOnlyMemory{T}"/> of char for strings).</typeparam>
internal interface IParquetLeafWriter<T>
    where T : struct
{
    /// <summary>Writes the values as the next column of <paramref name="writer"/>'s row group; a required flat column has no levels.</summary>
    Task WriteAsync(ParquetRowGroupWriter writer, ReadOnlyMemory<T> values, ReadOnlyMemory<int>? definitionLevels, ReadOnlyMemory<int>? repetitionLevels);
}
