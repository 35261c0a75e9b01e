using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Store;

/// <summary>The catalog of segment writers and readers, by format and by file extension.</summary>
internal static class SegmentFormats
{
    private static readonly ISegmentReader[] Readers = [new JsonLinesSegmentReader(), new ParquetSegmentReader()];

    /// <summary>The writer for <paramref name="format"/>.</summary>
    public static ISegmentWriter WriterFor(StorageFormat format) => format switch
    {
        StorageFormat.Json => new JsonLinesSegmentWriter(),
        StorageFormat.Parquet => new ParquetSegmentWriter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a storage format."),
    };

    /// <summary>The reader for a file, by its extension, or <see langword="null"/> when it is not a store file.</summary>
    public static ISegmentReader? ReaderFor(string path) =>
        Array.Find(Readers, r => path.EndsWith(r.Extension, StringComparison.OrdinalIgnoreCase));
}
