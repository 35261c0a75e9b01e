using RunnerHarness.Schema;

namespace RunnerHarness.Store.JsonLines;

/// <summary>
/// Streams the records of a sealed JSON Lines file. A file whose name carries a checksum is checked against it before
/// any record is read, and its lines are then parsed into the projected columns only (<see cref="JsonLinesProjectedParser"/>);
/// a file without one (sealed before checksums) has every column of each line parsed and its column names checked.
/// </summary>
internal sealed class JsonLinesSegmentReader : ISegmentReader
{
    /// <inheritdoc />
    public string Extension => StoreLayout.JsonLinesExtension;

    /// <inheritdoc />
    public IEnumerable<ResultRecord> Read(string path, RecordProjection projection, Action<StoreProblem> report)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(projection);
        return ReadChecked(path, projection, report);
    }

    private static IEnumerable<ResultRecord> ReadChecked(string path, RecordProjection projection, Action<StoreProblem> report)
    {
        var verified = SegmentChecksum.Verify(path);
        var projected = verified && !projection.IsAll ? new JsonLinesProjectedParser(projection) : null;
        var file = JsonLinesFileReader.OpenShared(path);
        foreach (var record in JsonLinesFileReader.Read(file, report, StoreProblemKind.BadLine, checkColumns: !verified, projected: projected))
        {
            yield return record;
        }
    }
}
