using System.Buffers;
using System.Runtime.InteropServices;
using Parquet;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The values of a string leaf whose values repeat (model names, prompt types, map keys): one string per distinct value
/// of the row group and an index a value, a byte a row while the group has at most 256 distinct values (most such
/// columns: a handful of models, prompt types, outcomes) and four bytes once it has more, instead of a 16-byte slot
/// pointing at each record's own copy. The records' strings die young; the slots Parquet.Net takes are made only while
/// the column is written.
/// </summary>
internal sealed class ParquetDictionaryStrings(IParquetLeafWriter<ReadOnlyMemory<char>> leaf, int capacity) : ParquetLeafValues<string>
{
    // The most distinct values a byte index can tell apart.
    private const int NarrowDistinct = byte.MaxValue + 1;

    private readonly Dictionary<string, int> _indexOf = new(StringComparer.Ordinal);
    private readonly List<string> _distinct = [];

    // Exactly one of the two holds the indices: _narrow until a value past the 256th distinct one arrives, _wide after.
    private byte[]? _narrow = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));
    private int[]? _wide;
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
            _lastIndex = IndexOf(value);

            // The held instance, not this one: the buffer keeps no row's own copy alive.
            _last = _distinct[_lastIndex];
        }

        AddIndex(_lastIndex);
    }

    /// <summary>The index of <paramref name="value"/> among the row group's distinct values, added as the next one if it is new.</summary>
    public int IndexOf(string value)
    {
        ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(_indexOf, value, out var exists);
        if (!exists)
        {
            index = _distinct.Count;
            _distinct.Add(value);
        }

        return index;
    }

    /// <summary>Adds the next value as <paramref name="index"/>, a distinct value's index (<see cref="IndexOf"/>).</summary>
    public void AddIndex(int index)
    {
        if (_narrow is { } narrow)
        {
            if (index < NarrowDistinct && _count < narrow.Length)
            {
                narrow[_count++] = (byte)index;
                return;
            }

            if (index < NarrowDistinct)
            {
                // Outgrown arrays are left to the collector, not returned: the shared pool would keep one of every size it saw.
                var larger = ArrayPool<byte>.Shared.Rent(narrow.Length * 2);
                Array.Copy(narrow, larger, _count);
                _narrow = larger;
                larger[_count++] = (byte)index;
                return;
            }

            Widen(narrow);
        }

        var wide = _wide!;
        if (_count == wide.Length)
        {
            var larger = ArrayPool<int>.Shared.Rent(wide.Length * 2);
            Array.Copy(wide, larger, _count);
            _wide = wide = larger;
        }

        wide[_count++] = index;
    }

    public override async Task WriteAsync(ParquetRowGroupWriter writer, ReadOnlyMemory<int>? definitionLevels, ReadOnlyMemory<int>? repetitionLevels)
    {
        var slots = ArrayPool<ReadOnlyMemory<char>>.Shared.Rent(Math.Max(_count, 1));
        try
        {
            if (_narrow is { } narrow)
            {
                for (var i = 0; i < _count; i++)
                {
                    slots[i] = _distinct[narrow[i]].AsMemory();
                }
            }
            else
            {
                var wide = _wide!;
                for (var i = 0; i < _count; i++)
                {
                    slots[i] = _distinct[wide[i]].AsMemory();
                }
            }

            await leaf.WriteAsync(writer, slots.AsMemory(0, _count), definitionLevels, repetitionLevels).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<ReadOnlyMemory<char>>.Shared.Return(slots, clearArray: true);
        }
    }

    // Keeps the wide indices for the next row groups too: a column with many distinct values has them in every group.
    public override void Clear()
    {
        _count = 0;
        _indexOf.Clear();
        _distinct.Clear();
        _last = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (_narrow is not null)
        {
            ArrayPool<byte>.Shared.Return(_narrow);
        }

        if (_wide is not null)
        {
            ArrayPool<int>.Shared.Return(_wide);
        }

        _narrow = null;
        _wide = null;
        Clear();
    }

    private void Widen(byte[] narrow)
    {
        var wide = ArrayPool<int>.Shared.Rent(narrow.Length);
        for (var i = 0; i < _count; i++)
        {
            wide[i] = narrow[i];
        }

        ArrayPool<byte>.Shared.Return(narrow);
        _narrow = null;
        _wide = wide;
    }
}
