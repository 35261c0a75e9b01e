using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;

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
        return ReadChecked(path, projection, report, verifiedBefore: null);
    }

    /// <summary>
    /// <see cref="Read(string, RecordProjection, Action{StoreProblem})"/>, through the handle <paramref name="verified"/> holds for
    /// <paramref name="path"/> when it holds one (its bytes already hashed and matched by the conflict plan's id pass, so
    /// they are not hashed again), else as <see cref="Read(string, RecordProjection, Action{StoreProblem})"/> does. The
    /// handle is taken when enumeration starts.
    /// </summary>
    internal static IEnumerable<ResultRecord> Read(string path, RecordProjection projection, Action<StoreProblem> report, VerifiedSegments verified)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(verified);
        return ReadChecked(path, projection, report, verified);
    }

    /// <inheritdoc />
    /// <remarks>The lines are parsed as in a file whose checksum holds: into the projected columns only, their column names not checked.</remarks>
    public IEnumerable<ResultRecord> ReadVerified(string path, Stream verified, RecordProjection projection, Action<StoreProblem> report)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(projection);
        return ReadOpened(path, verified, checksummed: true, projection, report);
    }

    private static IEnumerable<ResultRecord> ReadChecked(string path, RecordProjection projection, Action<StoreProblem> report, VerifiedSegments? verifiedBefore)
    {
        // Opened when enumeration starts, so a vanished file surfaces from MoveNext.
        var (file, checksummed) = Open(path, verifiedBefore);
        foreach (var record in ReadOpened(file.Name, file, checksummed, projection, report))
        {
            yield return record;
        }
    }

    // The file's handle at its start (the one verifiedBefore keeps, or a new one hashed now) and whether its checksum holds.
    private static (FileStream File, bool Checksummed) Open(string path, VerifiedSegments? verifiedBefore)
    {
        var file = verifiedBefore?.Take(path);
        bool checksummed;
        if (file is not null)
        {
            checksummed = true;
            file.Seek(0, SeekOrigin.Begin);
        }
        else
        {
            // Hashed and parsed through one handle, so what is parsed is what was checked even if the path is replaced meanwhile.
            file = JsonLinesFileReader.OpenShared(path);
            try
            {
                checksummed = SegmentChecksum.Verify(path, file);
                file.Seek(0, SeekOrigin.Begin);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        return (file, checksummed);
    }

    // The records of file, open at its start, parsed as a file whose checksum holds (checksummed) or as one without.
    private static IEnumerable<ResultRecord> ReadOpened(string path, Stream file, bool checksummed, RecordProjection projection, Action<StoreProblem> report)
    {
        var projected = checksummed ? new JsonLinesProjectedParser(projection) : null;

        // The lines are parsed on the pool while the caller takes the records before them (a report's second core).
        var records = JsonLinesReadAhead.Read(
            problems => JsonLinesFileReader.Read(file, path, problems, StoreProblemKind.BadLine, checkColumns: !checksummed, projected: projected), report);
        try
        {
            foreach (var record in records)
            {
                yield return record;
            }
        }
        finally
        {
            // Closed by the read when it ran; this closes it when the enumeration stopped before the read started.
            file.Dispose();
        }
    }
}
