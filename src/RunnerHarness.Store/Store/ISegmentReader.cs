using RunnerHarness.Schema;

namespace RunnerHarness.Store;

/// <summary>Streams the records of one sealed file of one format.</summary>
internal interface ISegmentReader
{
    /// <summary>The file extension this reader reads, with the dot, e.g. <c>.parquet</c>.</summary>
    string Extension { get; }

    /// <summary>
    /// Streams the records of the file at <paramref name="path"/>, setting at least the columns in
    /// <paramref name="projection"/> (always including <c>record_id</c>); a format may skip the others.
    /// Memory stays bounded by one row group or one line, never the whole file. Damage confined to
    /// part of the file (a line that does not parse) goes to <paramref name="report"/> and is skipped.
    /// </summary>
    /// <exception cref="CorruptSegmentException">The file as a whole is not a readable file of this format.</exception>
    IEnumerable<ResultRecord> Read(string path, RecordProjection projection, Action<StoreProblem> report);

    /// <summary>
    /// <see cref="Read"/>, from <paramref name="verified"/>, the bytes of the file at <paramref name="path"/> already
    /// checked against the checksum in its name (a view of a handle <see cref="Parquet.VerifiedSegments"/> keeps), so
    /// they are not checked again and the path is not opened: the records are those a read through that handle yields,
    /// in the same order. <paramref name="path"/> only names the file in problems. The stream is disposed when the
    /// enumeration ends.
    /// </summary>
    /// <exception cref="CorruptSegmentException">The bytes are not a readable file of this format.</exception>
    IEnumerable<ResultRecord> ReadVerified(string path, Stream verified, RecordProjection projection, Action<StoreProblem> report);
}
