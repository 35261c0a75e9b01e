using System.Buffers;
using Parquet;

namespace RunnerHarness.Store.Parquet;

/// <summary>Fixed-size values (numbers, flags, timestamps) in one array from the shared pool, handed to <paramref name="leaf"/> as they are.</summary>
internal sealed class ParquetPrimitiveValues<T>(IParquetLeafWriter<T> leaf, int capacity) : ParquetLeafValues<T>
    where T : struct
{
    private T[] _values = ArrayPool<T>.Shared.Rent(Math.Max(capacity, 1));
    private int _count;

    public override int Count => _count;

    public override void Add(T value)
    {
        if (_count == _values.Length)
        {
            // Outgrown arrays are left to the collector, not returned: the shared pool would keep one of every size it saw.
            var larger = ArrayPool<T>.Shared.Rent(_values.Length * 2);
            Array.Copy(_values, larger, _count);
            _values = larger;
        }

        _values[_count++] = value;
    }

    public override Task WriteAsync(ParquetRowGroupWriter writer, ReadOnlyMemory<int>? definitionLevels, ReadOnlyMemory<int>? repetitionLevels) =>
        leaf.WriteAsync(writer, _values.AsMemory(0, _count), definitionLevels, repetitionLevels);

    public override void Clear() => _count = 0;

    protected override void Dispose(bool disposing)
    {
        ArrayPool<T>.Shared.Return(_values);
        _values = [];
        _count = 0;
    }
}
