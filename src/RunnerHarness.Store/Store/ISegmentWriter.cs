using RunnerHarness.Schema;

namespace RunnerHarness.Store;

/// <summary>Writes a batch of records as one sealed file of one format.</summary>
internal interface ISegmentWriter
{
    /// <summary>The format this writer produces.</summary>
    StorageFormat Format { get; }

    /// <summary>The file extension, with the dot, e.g. <c>.parquet</c>.</summary>
    string Extension { get; }

    /// <summary>
    /// Writes <paramref name="records"/> to <paramref name="destination"/> as one complete file, enumerating them
    /// once, in order, without holding them all (a seal streams a log through it).
    /// The caller flushes and closes the stream; nothing is written after the file's end.
    /// </summary>
    void Write(IEnumerable<ResultRecord> records, Stream destination);
}
