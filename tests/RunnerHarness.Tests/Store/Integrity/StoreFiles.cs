using System.Text;
using System.Text.RegularExpressions;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Tests.Store.Integrity;

/// <summary>Damage and history, made on real store files: flipped bits, files from before checksums, directory snapshots.</summary>
internal static partial class StoreFiles
{
    /// <summary>Flips bit <paramref name="bit"/> of the byte at <paramref name="position"/>, in place.</summary>
    public static void FlipBit(string path, long position, int bit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = position;
        var value = stream.ReadByte();
        stream.Position = position;
        stream.WriteByte((byte)(value ^ (1 << bit)));
    }

    /// <summary>Writes <paramref name="count"/> varied records (<see cref="TestRecords.Varied"/>) as run <paramref name="runId"/>, sealed into one file with its summary.</summary>
    public static void SealedRun(StoreLayout layout, StorageFormat format, string runId, int count, int seed)
    {
        using var writer = RecordWriter.Open(layout, SampleHoldings.Rule, format, runId);
        foreach (var record in TestRecords.Varied(count, seed))
        {
            writer.Append(record);
        }

        writer.Complete();
    }

    /// <summary>Renames a sealed file to the name it would have had before checksums existed; returns the new path.</summary>
    public static string AsSealedBeforeChecksums(string path)
    {
        var name = ChecksumPart().Replace(Path.GetFileName(path), "");
        Assert.NotEqual(Path.GetFileName(path), name);
        var legacy = Path.Combine(Path.GetDirectoryName(path)!, name);
        File.Move(path, legacy);
        return legacy;
    }

    /// <summary>Every file and folder under <paramref name="root"/> with its size and write time, to prove nothing changed.</summary>
    public static List<string> Snapshot(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(p => File.Exists(p)
                ? $"{Path.GetRelativePath(root, p)} {new FileInfo(p).Length} {File.GetLastWriteTimeUtc(p):O}"
                : $"{Path.GetRelativePath(root, p)}/")];

    /// <summary>Each record as the JSON line the writer stores, to compare reads value for value.</summary>
    public static List<string> Lines(IEnumerable<ResultRecord> records) =>
        [.. records.Select(r =>
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            JsonLinesRecordCodec.WriteLine(r, buffer);
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        })];

    [GeneratedRegex(@"\.sha256_[0-9a-f]{32}(?=\.)")]
    private static partial Regex ChecksumPart();
}
