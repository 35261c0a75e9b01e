using RunnerHarness.Schema;

namespace RunnerHarness.Store.JsonLines;

/// <summary>
/// Streams the records of a sealed JSON Lines file; every column is parsed whatever the projection.
/// A file whose name carries a checksum is checked against it before any record is read; a file
/// without one (sealed before checksums) has each line's column names checked instead.
/// </summary>
internal sealed class JsonLinesSegmentReader : ISegmentReader
{
    /// <inheritdoc />
    public string Extension => StoreLayout.JsonLinesExtension;

    /// <inheritdoc />
    public IEnumerable<ResultRecord> Read(string path, RecordProjection projection, Action<StoreProblem> report)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadChecked(path, report);
    }

    private static IEnumerable<ResultRecord> ReadChecked(string path, Action<StoreProblem> report)
    {
        var verified = SegmentChecksum.Verify(path);
        foreach (var record in JsonLinesFileReader.Read(path, report, StoreProblemKind.BadLine, checkColumns: !verified))
        {
            yield return record;
        }
    }
}
