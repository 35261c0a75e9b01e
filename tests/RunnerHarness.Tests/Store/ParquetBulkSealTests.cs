using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Tests.Store.Integrity;
using RunnerHarness.Tests.Store.Parquet;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Tests.Store;

/// <summary>
/// Issue 25, bulk writes: a compaction into Parquet gathers each merged file's records into column buffers as it reads them
/// and seals the file on the pool while it reads the next one. The merged files must hold exactly the records the record path
/// merged (the copy that counts of each id, once) in the bytes the record path writes, and a seal that fails on the pool must
/// leave the store as it was.
/// </summary>
public sealed class ParquetBulkSealTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public ParquetBulkSealTests() => _layout = new StoreLayout(Path.Combine(_directory.Path, "store"));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Compact_ParquetIntoSeveralFiles_EachMergedFileHoldsTheRecordPathsBytesAndEveryRecordOnce()
    {
        for (var run = 0; run < 4; run++)
        {
            Write($"run-20261207-040{run}", 300, seed: 90 + run);
        }

        // A second copy of one file: the merge must keep each of its ids once.
        var copied = _layout.DataFiles()[0];
        File.Copy(copied, Path.Combine(_layout.DataDirectory, "copy-of-run-0.parquet"));
        var expected = new StoreReader(_layout).Read().OrderBy(r => r.RecordId, StringComparer.Ordinal).ToList();
        var before = StoreFingerprint.Of(new StoreReader(_layout));

        var result = new StoreCompactor(_layout, SampleHoldings.Rule).Compact(new CompactionOptions { RecordsPerFile = 500 });

        Assert.Equal(300, result.DuplicatesRemoved);
        Assert.Equal(1_200, result.Records);
        Assert.Equal(3, result.FilesWritten.Count);
        foreach (var merged in result.FilesWritten)
        {
            // The record path: the same records, in the same order, written by ParquetSegmentWriter from ResultRecord objects.
            using var recordPath = new MemoryStream();
            new ParquetSegmentWriter().Write(ParquetTestFile.Read(merged), recordPath);
            Assert.True(recordPath.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(merged)), $"{Path.GetFileName(merged)} differs from the record path's bytes for its records");
        }

        var actual = result.FilesWritten.SelectMany(f => ParquetTestFile.Read(f)).OrderBy(r => r.RecordId, StringComparer.Ordinal).ToList();
        ParquetTestFile.AssertSameRecords(expected, actual);
        Assert.Equal(before, StoreFingerprint.Of(new StoreReader(_layout)));
        var report = new StoreVerifier(_layout, SampleHoldings.Rule).Verify();
        Assert.True(report.IsClean, string.Join("; ", report.Problems.Select(p => p.Message)));
    }

    [Fact]
    public void Compact_MergedFileFailsToSealOnThePool_RemovesNothingOfTheSourcesAndLeavesNoFileBehind()
    {
        Write("run-20261207-0410", 400, seed: 95);
        Write("run-20261207-0411", 400, seed: 96);
        var sources = _layout.DataFiles().ToDictionary(f => f, File.ReadAllBytes);

        // data/compacted/ reached through a link: the seal on the pool refuses to rename a merged file through it.
        var outside = Path.Combine(_directory.Path, "outside");
        Directory.CreateDirectory(outside);
        Directory.CreateSymbolicLink(_layout.CompactedDirectory, outside);

        var error = Assert.ThrowsAny<IOException>(() => new StoreCompactor(_layout, SampleHoldings.Rule).Compact(new CompactionOptions { RecordsPerFile = 300 }));

        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Equal(sources.Keys.Order(StringComparer.Ordinal), _layout.DataFiles().Order(StringComparer.Ordinal));
        Assert.All(sources, pair => Assert.Equal(pair.Value, File.ReadAllBytes(pair.Key)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_layout.TempDirectory));
        Assert.Equal(800, new StoreReader(_layout).Read().Count());
    }

    [Fact]
    public void Compact_MergedFileSealedButItsSummaryFailsToWrite_LeavesNoMergedFileBehind()
    {
        Write("run-20261207-0430", 400, seed: 98);
        Write("run-20261207-0431", 400, seed: 99);
        var sources = _layout.DataFiles().Order(StringComparer.Ordinal).ToList();

        // The summaries of data/compacted/ reached through a link: a merged file is renamed into place, then its summary is refused.
        var outside = Path.Combine(_directory.Path, "outside");
        Directory.CreateDirectory(outside);
        var summaries = SegmentSummaryFile.DirectoryFor(_layout, _layout.CompactedDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(summaries)!);
        Directory.CreateSymbolicLink(summaries, outside);

        Assert.ThrowsAny<IOException>(() => new StoreCompactor(_layout, SampleHoldings.Rule).Compact(new CompactionOptions { RecordsPerFile = 300 }));

        // All or nothing (docs/store.md): a merged file left in data/compacted/ would hold a second copy of its sources' records.
        Assert.Equal(sources, _layout.DataFiles().Order(StringComparer.Ordinal));
        Assert.Equal(800, new StoreReader(_layout).Read().Count());
    }

    [Fact]
    public void BulkWrite_SegmentFailsToSealOnThePool_FailsTheWriteAndLeavesNoFileOfIt()
    {
        // The run's folder reached through a link: each segment's seal on the pool refuses to rename its file through it.
        var outside = Path.Combine(_directory.Path, "outside");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(Path.GetDirectoryName(_layout.RunDirectory("run-20261207-0420"))!);
        Directory.CreateSymbolicLink(_layout.RunDirectory("run-20261207-0420"), outside);
        var writer = new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Parquet, new WriterIdentity("run-20261207-0420", "import"), segmentRecordLimit: 400);

        var error = Assert.Throws<StoreWriteException>(() => writer.Write(TestRecords.Varied(1_000, seed: 97).Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null))));

        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_layout.TempDirectory));
        Assert.Empty(_layout.DataFiles());
    }

    private void Write(string runId, int count, int seed) =>
        new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Parquet, new WriterIdentity(runId, "bench"))
            .Write(TestRecords.Varied(count, seed).Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null)));
}
