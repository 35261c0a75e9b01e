using System.Buffers;
using Parquet;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The values of a string leaf whose values do not repeat (<c>record_id</c>, free text): their characters copied into
/// chunks of one arena, with a position and a length a value, so that no string object a row is kept alive across the
/// row group (the records' own strings die young) and the chunks are reused from one row group to the next. A value
/// longer than a quarter of a chunk is kept as its own string rather than copied.
/// </summary>
internal sealed class ParquetArenaStrings(IParquetLeafWriter<ReadOnlyMemory<char>> leaf, int capacity) : ParquetLeafValues<string>
{
    // 64 KB chunks stay out of the large object heap; a value never spans two of them.
    private const int ChunkShift = 15;
    private const int ChunkChars = 1 << ChunkShift;
    private const int LongestCopied = ChunkChars / 4;

    private readonly List<char[]> _chunks = [];
    private readonly List<string> _long = [];
    private int[] _positions = ArrayPool<int>.Shared.Rent(Math.Max(capacity, 1));

    // A value's length, or for a value kept as its own string, -1 - its index in _long.
    private int[] _lengths = ArrayPool<int>.Shared.Rent(Math.Max(capacity, 1));
    private int _count;
    private int _chunk = -1;
    private int _used = ChunkChars;

    public override int Count => _count;

    public override void Add(string value)
    {
        if (_count == _positions.Length)
        {
            // Outgrown arrays are left to the collector, not returned: the shared pool would keep one of every size it saw.
            var size = _positions.Length * 2;
            var positions = ArrayPool<int>.Shared.Rent(size);
            Array.Copy(_positions, positions, _count);
            _positions = positions;
            var lengths = ArrayPool<int>.Shared.Rent(size);
            Array.Copy(_lengths, lengths, _count);
            _lengths = lengths;
        }

        if (value.Length > LongestCopied)
        {
            _positions[_count] = 0;
            _lengths[_count++] = -1 - _long.Count;
            _long.Add(value);
            return;
        }

        if (value.Length == 0)
        {
            _positions[_count] = 0;
            _lengths[_count++] = 0;
            return;
        }

        if (ChunkChars - _used < value.Length)
        {
            _chunk++;
            _used = 0;
            if (_chunk == _chunks.Count)
            {
                _chunks.Add(ArrayPool<char>.Shared.Rent(ChunkChars));
            }
        }

        value.CopyTo(_chunks[_chunk].AsSpan(_used));
        _positions[_count] = (_chunk << ChunkShift) | _used;
        _lengths[_count++] = value.Length;
        _used += value.Length;
    }

    public override async Task WriteAsync(ParquetRowGroupWriter writer, ReadOnlyMemory<int>? definitionLevels, ReadOnlyMemory<int>? repetitionLevels)
    {
        var slots = ArrayPool<ReadOnlyMemory<char>>.Shared.Rent(Math.Max(_count, 1));
        try
        {
            for (var i = 0; i < _count; i++)
            {
                var length = _lengths[i];
                var position = _positions[i];
                slots[i] = length switch
                {
                    0 => ReadOnlyMemory<char>.Empty,
                    > 0 => new ReadOnlyMemory<char>(_chunks[position >> ChunkShift], position & (ChunkChars - 1), length),
                    _ => _long[-1 - length].AsMemory(),
                };
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
        _chunk = -1;
        _used = ChunkChars;
        _long.Clear();
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<char>.Shared.Return(chunk);
        }

        _chunks.Clear();
        ArrayPool<int>.Shared.Return(_positions);
        ArrayPool<int>.Shared.Return(_lengths);
        _positions = _lengths = [];
        Clear();
    }
}
