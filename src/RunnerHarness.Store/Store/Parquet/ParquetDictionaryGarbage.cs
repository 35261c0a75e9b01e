namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Drops what Parquet.Net 6.1.0 leaves behind when it dictionary-encodes a string chunk. Its
/// <c>ParquetDictionaryEncoder.TryExtractDictionary</c> builds a <c>Dictionary&lt;ReadOnlyMemory&lt;char&gt;, int&gt;</c> presized to
/// the chunk's value count, however few values are distinct: ~36 bytes a value, on the large object heap, dead as soon as
/// the chunk is written, and reclaimed only by a full collection. A row group has 28 such leaves (9 MB each at 250,000
/// rows), so without a collection between them a live writer's seal held a row group's worth of them at its peak. The
/// library has no public way to hand it the dictionary our buffers already hold (its page writer is internal), so the
/// garbage is collected instead, after each chunk large enough for it to matter.
/// </summary>
internal static class ParquetDictionaryGarbage
{
    /// <summary>The fewest dictionary-encoded values a column's flush must have handed Parquet.Net for a collection to follow (~1 MB of garbage).</summary>
    public const int CollectFromValues = 1 << 15;

    /// <summary>
    /// Collects after a column whose flush handed Parquet.Net <paramref name="dictionaryValues"/> dictionary-encoded values, when
    /// they are at least <see cref="CollectFromValues"/>: a blocking, non-compacting full collection, a few milliseconds over a
    /// writer's heap of large arrays. Smaller chunks (a test run's few thousand records) cost no collection.
    /// </summary>
    /// <returns>Whether a collection was made.</returns>
    public static bool DropAfter(int dictionaryValues)
    {
        if (dictionaryValues < CollectFromValues)
        {
            return false;
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        return true;
    }
}
