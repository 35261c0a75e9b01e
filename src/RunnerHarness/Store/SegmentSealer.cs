using RunnerHarness.Schema;

namespace RunnerHarness.Store;

/// <summary>
/// Puts records into <c>data/</c> the only safe way: write the whole file under <c>tmp/</c>, fsync it,
/// then rename it into place, so a file under <c>data/</c> is complete from the instant it appears.
/// Sealed names are derived from the log segment's name, which makes sealing the same log twice a no-op.
/// </summary>
internal static class SegmentSealer
{
    public static string DestinationFor(StoreLayout layout, string runId, string segmentName, string extension) =>
        Path.Combine(layout.RunDirectory(runId), segmentName + extension);

    public static bool IsSealed(StoreLayout layout, string runId, string segmentName) =>
        File.Exists(DestinationFor(layout, runId, segmentName, StoreLayout.JsonLinesExtension))
        || File.Exists(DestinationFor(layout, runId, segmentName, StoreLayout.ParquetExtension));

    /// <summary>Writes <paramref name="records"/> with <paramref name="writer"/> and renames the file into <c>data/runs/&lt;run&gt;/</c>.</summary>
    public static string Seal(StoreLayout layout, ISegmentWriter writer, IReadOnlyList<ResultRecord> records, string runId, string segmentName)
    {
        var destination = DestinationFor(layout, runId, segmentName, writer.Extension);
        return WriteThenRename(layout, destination, stream => writer.Write(records, stream));
    }

    /// <summary>Writes a file under <c>tmp/</c> with <paramref name="write"/>, fsyncs it and renames it to <paramref name="destination"/>.</summary>
    public static string WriteThenRename(StoreLayout layout, string destination, Action<Stream> write)
    {
        Directory.CreateDirectory(layout.TempDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temp = Path.Combine(layout.TempDirectory, $"{Guid.NewGuid():N}{Path.GetExtension(destination)}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, destination, overwrite: false);
            return destination;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Moves a complete, fsynced JSON Lines log into <c>data/</c> as it is: the log already is a sealed file's content.</summary>
    public static string MoveLog(StoreLayout layout, string logPath, string runId, string segmentName)
    {
        var destination = DestinationFor(layout, runId, segmentName, StoreLayout.JsonLinesExtension);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Move(logPath, destination, overwrite: false);
        return destination;
    }
}
