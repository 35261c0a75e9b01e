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

    /// <summary>
    /// Adds rows <paramref name="rows"/> of <paramref name="source"/>, this column as a Parquet read decoded it from a
    /// row group (<see langword="null"/> when the read has no such column), each as <see cref="Append"/> adds the record a
    /// read builds for that row: a defined value as it is, a null as a new record's value. A compaction copies columns
    /// this way without making a record a row.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is another column's kind of values.</exception>
    public abstract void CopyRows(ParquetColumnValues? source, ReadOnlySpan<int> rows);

    /// <summary>Writes the gathered rows as the column of <paramref name="writer"/>'s row group and empties the buffer.</summary>
    public abstract Task FlushAsync(ParquetRowGroupWriter writer);

    /// <summary>
    /// How many values the next <see cref="FlushAsync"/> hands Parquet.Net in dictionary-encoded leaves: what it presizes its
    /// dictionary extraction to (<see cref="ParquetDictionaryGarbage"/>). Zero for a column without such a leaf.
    /// </summary>
    public abstract int DictionaryValueCount { get; }

    /// <summary>
    /// A new record: what a read's record holds in a column whose value is null or that the file lacks (null, or for a
    /// column a record cannot hold as null, its default such as <see cref="ResultRecord.CurrentFormatVersion"/>).
    /// </summary>
    protected static ResultRecord NewRecord { get; } = new();

    /// <summary>The values of <paramref name="source"/> as <typeparamref name="TValues"/>, or <see langword="null"/> when there is no source.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> holds another kind of values.</exception>
    protected static TValues? SourceAs<TValues>(ParquetColumnValues? source)
        where TValues : ParquetColumnValues =>
        source is null ? null
        : source as TValues ?? throw new ArgumentException($"A decoded {source.GetType().Name} cannot be copied into a column of {typeof(TValues).Name}.", nameof(source));

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Returns the pooled arrays.</summary>
    protected abstract void Dispose(bool disposing);
}
