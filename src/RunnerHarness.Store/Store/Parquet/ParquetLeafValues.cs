using Parquet;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The defined values of one leaf column of the row group being gathered, held as compactly as their kind allows until
/// the column is written; nulls are not values here (the levels say where they are).
/// </summary>
/// <typeparam name="T">The values as a record holds them.</typeparam>
internal abstract class ParquetLeafValues<T> : IDisposable
{
    /// <summary>How many values the row group holds so far.</summary>
    public abstract int Count { get; }

    /// <summary>Adds the next defined value.</summary>
    public abstract void Add(T value);

    /// <summary>Writes the values, with their levels, as the next column of <paramref name="writer"/>'s row group.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter writer, ReadOnlyMemory<int>? definitionLevels, ReadOnlyMemory<int>? repetitionLevels);

    /// <summary>Empties the values for the next row group.</summary>
    public abstract void Clear();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Returns the pooled arrays.</summary>
    protected abstract void Dispose(bool disposing);
}
