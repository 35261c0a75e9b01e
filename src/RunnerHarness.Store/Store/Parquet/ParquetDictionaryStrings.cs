using System.Buffers;
using System.Runtime.InteropServices;
using Parquet;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The values of a string leaf whose values repeat (model names, prompt types, map keys): one string per distinct value
/// of the row group and an index a value, four bytes a row instead of a 16-byte slot pointing at each record's own copy.
/// The records' strings die young; the slots Parquet.Net takes are made only while the column is written.
/// </summary>
internal sealed class ParquetDictionaryStrings(IParquetLeafWriter<ReadOnlyMemory<char>> leaf, int capacity) : ParquetLeafValues<string>
{
    private readonly Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);
    private readonly List<string> _distinct = [];
    private int[] _indices = ArrayPool<int>.Shared.Rent(Math.Max(capacity, 1));
    private int _count;

    // Records built in one process share their strings (one model name instance for all its rows): a value that is the
    // same instance as the one held for the previous value skips the hash.
    private string? _last;
    private int _lastIndex;

    public override int Count => _count;

    public override void Add(string value)
    {
        if (!ReferenceEquals(value, _last))
        {
            ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_indexOf, value, out var exists);
            if (!exists)
            {
                index = _distinct.Count;
                _distinct.Add(value);
            }

            // The held instance, not this one: the buffer keeps no row's own copy alive.
            _last = _distinct[index];
            _lastIndex = index;
        }

        if (_count == _indices.Length)
        {
            // Outgrown arrays are left to the collector, not returned: the shared pool would keep one of every size it saw.
            var larger = ArrayPool<int>.Shared.Rent(_indices.Length * 2);
            Array.Copy(_indices, larger, _count);
            _indices = larger;
        }

        _indices[_count++] = _lastIndex;
    }

    public override async Task WriteAsync(ParquetRowGroupWriter writer, ReadOnlyMemory<int>? definitionLevels, ReadOnlyMemory<int>? repetitionLevels)
    {
        var slots = ArrayPool<ReadOnlyMemory<char>>.Shared.Rent(Math.Max(_count, 1));
        try
        {
            var indices = _indices.AsSpan(0, _count);
            for (var i = 0; i < indices.Length; i++)
            {
                slots[i] = _distinct[indices[i]].AsMemory();
            }

            await leaf.WriteAsync(writer, slots.AsMemory(0, _count), definitionLevels, repetitionLevels).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<ReadOnlyMemory<char>>.Shared.Return(slots, clearArray: true);
        }
    }

    public override void Clear()
    {
        _count = 0;
        _indexOf.Clear();
        _distinct.Clear();
        _last = null;
    }

    protected override void Dispose(bool disposing)
    {
        ArrayPool<int>.Shared.Return(_indices);
        _indices = [];
        Clear();
    }
}
