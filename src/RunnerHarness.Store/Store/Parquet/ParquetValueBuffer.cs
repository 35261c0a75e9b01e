using System.Buffers;
using Parquet;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Gathers a flat column: the defined values, and a definition level per row (1 defined, 0 null).
/// Parquet.Net's generic path takes strings as <see cref="ReadOnlyMemory{T}"/> of char, without copying.
/// </summary>
internal sealed class ParquetValueBuffer<T>(DataField field, IParquetLeafWriter<T> leaf, int capacity, Func<ResultRecord, T?> get) : ParquetColumnBuffer
    where T : struct
{
    private T[] _values = ArrayPool<T>.Shared.Rent(capacity);

    // Required columns pass their levels too (all 0): Parquet.Net counts a row group's rows by the
    // levels of the column it is given first.
    private int[] _levels = ArrayPool<int>.Shared.Rent(capacity);
    private int _rows;
    private int _defined;

    public override void Append(ResultRecord record)
    {
        var value = get(record);
        if (value is null)
        {
            if (!field.IsNullable)
            {
                throw new ArgumentException($"A record has no {field.Name}, which every record must have.", nameof(record));
            }

            _levels[_rows++] = 0;
        }
        else
        {
            _values[_defined++] = value.GetValueOrDefault();
            _levels[_rows++] = field.IsNullable ? 1 : 0;
        }
    }

    public override async Task FlushAsync(ParquetRowGroupWriter writer)
    {
        await leaf.WriteAsync(writer, _values.AsMemory(0, _defined), _levels.AsMemory(0, _rows), null).ConfigureAwait(false);
        Array.Clear(_values, 0, _defined);
        _rows = _defined = 0;
    }

    protected override void Dispose(bool disposing)
    {
        ArrayPool<T>.Shared.Return(_values, clearArray: true);
        ArrayPool<int>.Shared.Return(_levels);
        _values = [];
        _levels = [];
    }
}
