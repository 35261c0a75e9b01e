using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Finds which distinct value of a dictionary-encoded string chunk a row holds. Parquet.Net hands every row of such a chunk a
/// copy of its dictionary entry's memory (one character array an entry), so an entry is known by the identity of its memory,
/// never by its text, and two entries of equal text stay two. A row holding the entry of the row before costs one comparison;
/// a chunk of few distinct values is scanned, and only one of many is hashed. One finder serves one chunk at a time
/// (<see cref="Start"/>); it is the decode set's, so it is reused from row group to row group.
/// </summary>
internal sealed class ParquetDictionaryEntryFinder
{
    // Up to this many distinct values a scan of their memories beats hashing one (three comparisons an entry, no call).
    private const int ScannedEntries = 16;

    private readonly ReadOnlyMemory<char>[] _scanned = new ReadOnlyMemory<char>[ScannedEntries];
    private readonly Dictionary<ReadOnlyMemory<char>, int> _hashed = new(MemoryIdentityComparer.Instance);
    private int _count;
    private ReadOnlyMemory<char> _previous;
    private int _previousEntry = -1;

    /// <summary>Forgets the chunk before: the next value found is the first of a new chunk.</summary>
    public void Start()
    {
        // The memories point into the previous chunk's dictionary, which must not outlive its read.
        Array.Clear(_scanned, 0, Math.Min(_count, ScannedEntries));
        _hashed.Clear();
        _count = 0;
        _previous = default;
        _previousEntry = -1;
    }

    /// <summary>
    /// The index (in order of first appearance within the chunk) of the distinct value <paramref name="memory"/> is, or -1 when
    /// it is a value not seen yet in this chunk (then <see cref="Add"/> it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ReadOnlyMemory<char> memory) =>
        _previousEntry >= 0 && memory.Equals(_previous) ? _previousEntry : Search(memory);

    /// <summary>Adds <paramref name="memory"/>, which <see cref="Find"/> did not find, as the chunk's next distinct value; returns its index.</summary>
    public int Add(ReadOnlyMemory<char> memory)
    {
        var entry = _count++;
        if (entry < ScannedEntries)
        {
            _scanned[entry] = memory;
        }

        if (_count > ScannedEntries)
        {
            if (_count == ScannedEntries + 1)
            {
                for (var i = 0; i < ScannedEntries; i++)
                {
                    _hashed.Add(_scanned[i], i);
                }
            }

            _hashed.Add(memory, entry);
        }

        _previous = memory;
        _previousEntry = entry;
        return entry;
    }

    private int Search(ReadOnlyMemory<char> memory)
    {
        var entry = -1;
        if (_count <= ScannedEntries)
        {
            for (var i = 0; i < _count; i++)
            {
                if (memory.Equals(_scanned[i]))
                {
                    entry = i;
                    break;
                }
            }
        }
        else if (!_hashed.TryGetValue(memory, out entry))
        {
            entry = -1;
        }

        if (entry >= 0)
        {
            _previous = memory;
            _previousEntry = entry;
        }

        return entry;
    }

    /// <summary>Equal when two memories are the same slice of the same buffer; hashes by reference, never by content.</summary>
    private sealed class MemoryIdentityComparer : IEqualityComparer<ReadOnlyMemory<char>>
    {
        public static readonly MemoryIdentityComparer Instance = new();

        public bool Equals(ReadOnlyMemory<char> x, ReadOnlyMemory<char> y) => x.Equals(y);

        public int GetHashCode(ReadOnlyMemory<char> obj)
        {
            if (MemoryMarshal.TryGetArray(obj, out var segment))
            {
                return HashCode.Combine(RuntimeHelpers.GetHashCode(segment.Array), segment.Offset, segment.Count);
            }

            return MemoryMarshal.TryGetString(obj, out var text, out var start, out var length)
                ? HashCode.Combine(RuntimeHelpers.GetHashCode(text), start, length)
                : obj.Length;
        }
    }
}
