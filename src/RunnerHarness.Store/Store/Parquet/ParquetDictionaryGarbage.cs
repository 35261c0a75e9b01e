namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Drops what Parquet.Net 6.1.0 leaves behind when it dictionary-encodes a string chunk, when that is worth a full
/// collection. Its <c>ParquetDictionaryEncoder.TryExtractDictionary</c> builds a <c>Dictionary&lt;ReadOnlyMemory&lt;char&gt;, int&gt;</c>
/// presized to the chunk's value count, however few values are distinct: ~36 bytes a value, on the large object heap, dead as
/// soon as the chunk is written, and reclaimed only by a full collection. A row group has 28 such leaves (3.6 MB each at
/// 100,000 rows), so without collections between them a live writer's seal held a row group's worth of them at its peak.
/// The library has no public way to hand it the dictionary our buffers already hold (its page writer is internal), so the
/// garbage is collected instead, once enough of it has piled up.
/// </summary>
/// <remarks>
/// A blocking full collection marks the whole heap, and a test host may hold hundreds of MB of its own (datasets, clients,
/// caches): a collection after every large column paused a process holding 800 MB for ~5 s a 100,000-row group
/// (docs/performance.md, "The live seal's forced collections in a large test host"). So a collection follows only once the
/// garbage since the last one is at least <see cref="HeapShare"/> of the heap a full collection would mark: in a small
/// process after every one or two large columns (9 collections for a 100,000-row group where there were 17), in one
/// holding 800 MB at most one a row group.
/// One instance per segment: it counts the garbage that segment's writes left.
/// </remarks>
internal sealed class ParquetDictionaryGarbage
{
    /// <summary>The fewest dictionary-encoded values a column's flush must have handed Parquet.Net for its garbage to count (~1 MB).</summary>
    public const int CollectFromValues = 1 << 15;

    /// <summary>The bytes of Parquet.Net's presized dictionary a value costs: an <c>int</c> bucket and a 32-byte entry.</summary>
    public const int BytesPerValue = 36;

    /// <summary>
    /// The part of the heap the garbage must reach for a collection to follow: one eighth, so a collection frees at least an
    /// eighth of what it marks (measured: a 100,000-record seal in a plain process peaked at 124 MB, against 120 MB with a
    /// collection per column).
    /// </summary>
    public const int HeapShare = 8;

    private readonly Func<long> _heapBytes;
    private long _garbageBytes;

    /// <summary>Starts counting, against the heap the runtime's last collection left.</summary>
    public ParquetDictionaryGarbage()
        : this(HeapAfterLastCollection)
    {
    }

    /// <summary>Starts counting, against the heap <paramref name="heapBytes"/> gives (bytes a full collection would mark).</summary>
    internal ParquetDictionaryGarbage(Func<long> heapBytes)
    {
        _heapBytes = heapBytes;
    }

    /// <summary>The full collections this instance has made.</summary>
    public int Collections { get; private set; }

    /// <summary>
    /// Counts the garbage of a column whose flush handed Parquet.Net <paramref name="dictionaryValues"/> dictionary-encoded
    /// values, when they are at least <see cref="CollectFromValues"/> (a test run's few thousand records count nothing), and
    /// collects once the garbage counted since the last collection is at least <see cref="HeapShare"/> of the heap: a blocking,
    /// non-compacting full collection.
    /// </summary>
    /// <returns>Whether a collection was made.</returns>
    public bool DropAfter(int dictionaryValues)
    {
        if (dictionaryValues < CollectFromValues)
        {
            return false;
        }

        _garbageBytes += (long)dictionaryValues * BytesPerValue;
        if (_garbageBytes * HeapShare < _heapBytes())
        {
            return false;
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        _garbageBytes = 0;
        Collections++;
        return true;
    }

    // What the last collection left, less its free space: the live objects a full collection would mark, plus garbage of
    // older generations a young collection did not look at. Zero before the first collection, so a seal collects at once.
    private static long HeapAfterLastCollection()
    {
        var info = GC.GetGCMemoryInfo();
        return info.HeapSizeBytes - info.FragmentedBytes;
    }
}
