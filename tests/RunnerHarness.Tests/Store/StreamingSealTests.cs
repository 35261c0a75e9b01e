using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Tests.Store.Parquet;

namespace RunnerHarness.Tests.Store;

/// <summary>
/// Issue 25: a writer seals a Parquet segment by streaming its write-ahead log back from disk, keeping no copy of the
/// segment's records; what it seals must be exactly the log, or nothing.
/// </summary>
public sealed class StreamingSealTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public StreamingSealTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void SealLog_WholeLog_SealsItsRecordsWithTheGivenSummary()
    {
        var records = TestRecords.Varied(700, seed: 61);
        var log = Log(records);
        var summary = new SegmentSummaryBuilder(SampleHoldings.Rule).AddRange(records).Build();

        var sealedFile = SegmentSealer.SealLog(_layout, new ParquetSegmentWriter(300), log, records.Count, "run-20261206-2001", "segment-0000", summary);

        ParquetTestFile.AssertSameRecords(records, ParquetTestFile.Read(sealedFile));
        Assert.True(SegmentChecksum.IsNameOf(Path.GetFileName(sealedFile), "segment-0000", StoreLayout.ParquetExtension));
        Assert.Single(Directory.EnumerateFiles(SegmentSummaryFile.DirectoryFor(_layout, Path.GetDirectoryName(sealedFile)!), Path.GetFileName(sealedFile) + "*"));
    }

    [Fact]
    public void SealLog_LogReadsBackShorterThanWritten_SealsNothingAndKeepsTheLog()
    {
        // The writer counted 701 records into the log; the disk gives back 700: sealing those would lose one for good
        // once the log is deleted, so nothing appears under data/ and the log stays for recovery.
        var records = TestRecords.Varied(700, seed: 62);
        var log = Log(records);
        var summary = new SegmentSummaryBuilder(SampleHoldings.Rule).AddRange(records).Build();

        var error = Assert.Throws<IOException>(() =>
            SegmentSealer.SealLog(_layout, new ParquetSegmentWriter(300), log, records.Count + 1, "run-20261206-2002", "segment-0000", summary));

        Assert.Contains("read back as 700 records where 701 were written", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(log));
        Assert.False(Directory.Exists(_layout.RunDirectory("run-20261206-2002")) && Directory.EnumerateFileSystemEntries(_layout.RunDirectory("run-20261206-2002")).Any());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_layout.TempDirectory));
    }

    [Fact]
    public void RecordWriter_ParquetSegmentsOfSeveralRowGroups_SealsEveryAppendedRecordAndDeletesItsLogs()
    {
        var records = TestRecords.Varied(2_500, seed: 63);
        var options = new RecordWriterOptions { WriteThrough = true, SegmentRecordLimit = 1_000 };
        WriterSummary summary;
        using (var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Parquet, "run-20261206-2003", options: options))
        {
            foreach (var record in records)
            {
                writer.Append(record);
            }

            summary = writer.Complete();
        }

        Assert.Equal(3, summary.SealedFiles.Count);
        var sealedRecords = summary.SealedFiles.SelectMany(f => ParquetTestFile.Read(f)).ToList();
        ParquetTestFile.AssertSameRecords(records, sealedRecords);
        Assert.Empty(Directory.EnumerateFiles(_layout.WriteAheadLogDirectory, "*" + StoreLayout.JsonLinesExtension, SearchOption.AllDirectories));
    }

    private string Log(IReadOnlyList<ResultRecord> records)
    {
        var path = Path.Combine(_directory.Path, "segment-0000.jsonl");
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        new JsonLinesSegmentWriter().Write(records, stream);
        return path;
    }
}
