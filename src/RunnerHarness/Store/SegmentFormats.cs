using RunnerHarness.Settings;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Store;

/// <summary>The catalog of segment writers and readers, by format and by file extension.</summary>
public static class SegmentFormats
{
    private static readonly ISegmentReader[] Readers = [new JsonLinesSegmentReader()];

    /// <summary>The writer for <paramref name="format"/>.</summary>
    public static ISegmentWriter WriterFor(StorageFormat format) => format switch
    {
        StorageFormat.Json => new JsonLinesSegmentWriter(),
        _ => throw new NotSupportedException($"The storage format '{format}' has no writer in this build."),
    };

    /// <summary>The reader for a file, by its extension, or <see langword="null"/> when it is not a store file.</summary>
    public static ISegmentReader? ReaderFor(string path) =>
        Array.Find(Readers, r => path.EndsWith(r.Extension, StringComparison.OrdinalIgnoreCase));
}
