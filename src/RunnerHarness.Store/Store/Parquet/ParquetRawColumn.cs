using System.Buffers;
using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// One column chunk of a row group as Parquet.Net's raw read gives it: its values (the defined ones) and its levels, each
/// in a pooled array of exactly the chunk's value count, as Parquet.Net's own <c>RawColumnData&lt;T&gt;</c> holds them.
/// Read through the public typed <see cref="ParquetRowGroupReader.ReadRawAsync{T}"/>: Parquet.Net's untyped
/// <c>ReadRawColumnDataBaseAsync</c> finds its generic reader by reflection and awaits it through <c>dynamic</c>, so a
/// process's first read loaded and ran the C# runtime binder before any value was decoded. Dispose it to give the arrays back.
/// </summary>
internal sealed class ParquetRawColumn<T> : IDisposable
    where T : struct
{
    private readonly int _count;
    private T[]? _values;
    private int[]? _definitionLevels;
    private int[]? _repetitionLevels;

    private ParquetRawColumn(DataField field, int count)
    {
        _count = count;
        _values = ArrayPool<T>.Shared.Rent(count);
        _definitionLevels = field.MaxDefinitionLevel > 0 ? ArrayPool<int>.Shared.Rent(count) : null;
        _repetitionLevels = field.MaxRepetitionLevel > 0 ? ArrayPool<int>.Shared.Rent(count) : null;
    }

    /// <summary>The chunk's values: every defined value, in order, then unused slots up to the chunk's value count.</summary>
    public Span<T> Values => Held(_values).AsSpan(0, _count);

    /// <summary>The chunk's definition levels, one a value slot.</summary>
    /// <exception cref="InvalidOperationException">The column is required: it has no definition levels.</exception>
    public Span<int> DefinitionLevels => (_definitionLevels ?? throw new InvalidOperationException("definition levels are not present for this column")).AsSpan(0, _count);

    /// <summary>The chunk's repetition levels, one a value slot.</summary>
    /// <exception cref="InvalidOperationException">The column is not repeated: it has no repetition levels.</exception>
    public Span<int> RepetitionLevels => (_repetitionLevels ?? throw new InvalidOperationException("repetition levels are not present for this column")).AsSpan(0, _count);

    /// <summary>Reads column <paramref name="field"/> of <paramref name="reader"/>'s row group.</summary>
    /// <exception cref="ParquetException">The row group has no such column, or its chunk does not decode.</exception>
    public static async Task<ParquetRawColumn<T>> ReadAsync(ParquetRowGroupReader reader, DataField field)
    {
        // Parquet.Net decodes as many value slots as the chunk's metadata counts (nulls included); a chunk that is not
        // there is refused by its read, with its own words.
        var count = checked((int)(reader.GetMetadata(field)?.MetaData?.NumValues ?? 0));
        var column = new ParquetRawColumn<T>(field, count);
        try
        {
            await reader.ReadRawAsync(
                field,
                column._values.AsMemory(0, count),
                Levels(column._definitionLevels, count),
                Levels(column._repetitionLevels, count),
                CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            column.Dispose();
            throw;
        }

        return column;
    }

    public void Dispose()
    {
        if (_values is { } values)
        {
            // Values holding references (a string column's memories) must not keep their buffers alive from the pool.
            ArrayPool<T>.Shared.Return(values, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            _values = null;
        }

        if (_definitionLevels is { } definitions)
        {
            ArrayPool<int>.Shared.Return(definitions);
            _definitionLevels = null;
        }

        if (_repetitionLevels is { } repetitions)
        {
            ArrayPool<int>.Shared.Return(repetitions);
            _repetitionLevels = null;
        }
    }

    // None for a column without such levels: a bare null here would become an empty buffer (Memory<int> from a null array),
    // which Parquet.Net takes for a buffer too small.
    private static Memory<int>? Levels(int[]? levels, int count) => levels is null ? default(Memory<int>?) : levels.AsMemory(0, count);

    private static T[] Held(T[]? values) => values ?? throw new ObjectDisposedException(nameof(ParquetRawColumn<T>));
}
