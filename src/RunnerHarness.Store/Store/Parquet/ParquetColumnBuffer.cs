using Parquet;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The values of one column for the row group being written, gathered one record at a time so the
/// writer walks each record once for all columns rather than once per column (1M records are far
/// bigger than the CPU caches, and a walk per column was a third of the write time). Buffers come
/// from <see cref="System.Buffers.ArrayPool{T}"/> and go back on dispose.
/// </summary>
internal abstract class ParquetColumnBuffer : IDisposable
{
    /// <summary>Adds the column's value of <paramref name="record"/>, the row group's next row.</summary>
    /// <exception cref="ArgumentException">The record lacks a value the column requires.</exception>
    public abstract void Append(ResultRecord record);

    /// <summary>Writes the gathered rows as the column of <paramref name="writer"/>'s row group and empties the buffer.</summary>
    public abstract Task FlushAsync(ParquetRowGroupWriter writer);

    /// <summary>
    /// How many values the next <see cref="FlushAsync"/> hands Parquet.Net in dictionary-encoded leaves: what it presizes its
    /// dictionary extraction to (<see cref="ParquetDictionaryGarbage"/>). Zero for a column without such a leaf.
    /// </summary>
    public abstract int DictionaryValueCount { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Returns the pooled arrays.</summary>
    protected abstract void Dispose(bool disposing);
}
