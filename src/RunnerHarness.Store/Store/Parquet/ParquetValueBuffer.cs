using System.Buffers;
using Parquet;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Gathers a flat column: the defined values, and a definition level per row (1 defined, 0 null).
/// Parquet.Net's generic path takes strings as <see cref="ReadOnlyMemory{T}"/> of char, without copying.
/// <c>flushed</c>, if given, runs once a row group's values are written (a column's per-group state is let go there).
/// </summary>
internal sealed class ParquetValueBuffer<T>(DataField field, IParquetLeafWriter<T> leaf, int capacity, Func<ResultRecord, T?> get, Action? flushed = null) : ParquetColumnBuffer
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
        if (_rows == _levels.Length)
        {
            Grow();
        }

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
        flushed?.Invoke();
    }

    // A streamed row group does not know its size ahead: the arrays double as it fills, up to the row-group size. The
    // outgrown arrays are left to the collector, not returned: the shared pool would keep one of every size it saw.
    private void Grow()
    {
        var size = Math.Max(_levels.Length * 2, 1024);
        var values = ArrayPool<T>.Shared.Rent(size);
        Array.Copy(_values, values, _defined);
        _values = values;
        var levels = ArrayPool<int>.Shared.Rent(size);
        Array.Copy(_levels, levels, _rows);
        _levels = levels;
    }

    protected override void Dispose(bool disposing)
    {
        ArrayPool<T>.Shared.Return(_values, clearArray: true);
        ArrayPool<int>.Shared.Return(_levels);
        _values = [];
        _levels = [];
    }
}
