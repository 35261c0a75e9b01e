using RunnerHarness.Store;
using RunnerHarness.Store.Summaries;

namespace RunnerHarness.Tests.Store.Summaries;

/// <summary>Summaries rewritten as tests need them: as JSON (what stores written before the binary form hold), or as any bytes, sealed under their own checksum.</summary>
internal static class JsonSummaries
{
    /// <summary>Replaces the summary at <paramref name="summaryPath"/> of <paramref name="dataFile"/> by the same summary in JSON; returns its path.</summary>
    public static string Rewrite(string summaryPath, string dataFile)
    {
        var length = new FileInfo(dataFile).Length;
        var summary = SegmentSummaryFile.Read(summaryPath, dataFile, length) ?? throw new InvalidOperationException($"{summaryPath} is outdated");
        return Write(summaryPath, dataFile, writer => SegmentSummaryJson.Serialize(writer, Path.GetFileName(dataFile), length, summary));
    }

    /// <summary>Replaces the summary at <paramref name="summaryPath"/> of <paramref name="dataFile"/> by the bytes <paramref name="write"/> writes, sealed under their checksum.</summary>
    public static string Write(string summaryPath, string dataFile, Action<Stream> write)
    {
        var unsealed = summaryPath + ".unsealed";
        using (var stream = File.Create(unsealed))
        {
            write(stream);
        }

        File.Delete(summaryPath);
        var sealedPath = Path.Combine(Path.GetDirectoryName(summaryPath)!, SegmentChecksum.NameFor(Path.GetFileName(dataFile), unsealed, SegmentSummaryFile.Extension));
        File.Move(unsealed, sealedPath);
        return sealedPath;
    }
}
