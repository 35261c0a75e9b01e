using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Tests.Store.Parquet;

namespace RunnerHarness.Tests.Store;

/// <summary>
/// Issue 25: a writer seals a Parquet segment from the row groups it wrote while the segment filled (or, for a log a
/// dead writer left, by streaming the log back from disk), keeping no copy of the segment's records; what it seals must
/// be exactly the log, byte for byte what sealing the log writes, or nothing.
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RecordWriter_SegmentStreamedInRowGroups_SealsTheBytesTheSealOfItsLogWrites(bool writeThrough)
    {
        // Three row groups of 1,000: two written under tmp/ while the segment fills, the last (partial) one at the seal.
        var records = StoredAsAppended([.. TestRecords.Varied(2_500, seed: 64), TestRecords.EveryColumnSet(), TestRecords.WithLongText(3), TestRecords.EveryNullableColumnNull()]);
        var options = new RecordWriterOptions { WriteThrough = writeThrough, SegmentRecordLimit = 10_000, ParquetRowGroupSize = 1_000 };
        WriterSummary written;
        using (var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Parquet, "run-20261207-0101", options: options))
        {
            foreach (var record in records)
            {
                writer.Append(record);
            }

            written = writer.Complete();
        }

        var fromLog = SegmentSealer.SealLog(
            new StoreLayout(Path.Combine(_directory.Path, "log-sealed")), new ParquetSegmentWriter(1_000), Log(records), records.Count, "run-20261207-0101", "segment-0000",
            new SegmentSummaryBuilder(SampleHoldings.Rule).AddRange(records).Build());

        var streamed = Assert.Single(written.SealedFiles);
        Assert.Equal(File.ReadAllBytes(fromLog), File.ReadAllBytes(streamed));
        Assert.Equal(3, await ParquetTestFile.RowGroupCountAsync(streamed));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_layout.TempDirectory));
    }

    [Fact]
    public void RecordWriter_SegmentFillingRowGroups_WritesThemUnderTmpBeforeTheSealAndNoReaderSeesThem()
    {
        var records = TestRecords.Varied(2_500, seed: 65);
        var options = new RecordWriterOptions { WriteThrough = true, SegmentRecordLimit = 10_000, ParquetRowGroupSize = 1_000 };
        using var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Parquet, "run-20261207-0102", options: options);
        foreach (var record in records)
        {
            writer.Append(record);
        }

        // The second full group waited for the first one's write, which created the segment's file under tmp/.
        var open = Assert.Single(Directory.EnumerateFiles(_layout.TempDirectory));
        Assert.False(TemporaryFiles.IsStale(open));
        Assert.Empty(_layout.DataFiles());
        Assert.Empty(new StoreReader(_layout).Read());

        var written = writer.Complete();

        ParquetTestFile.AssertSameRecords(records, ParquetTestFile.Read(Assert.Single(written.SealedFiles)));
        Assert.False(File.Exists(open));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_layout.TempDirectory));
    }

    [Fact]
    public void RecordWriter_ParquetSeal_WritesTheGatheredRecordsWithoutReadingTheLogBack()
    {
        // The log is unlinked under the open writer: a seal that re-read it would find nothing and seal nothing.
        var records = TestRecords.Varied(1_800, seed: 66);
        var options = new RecordWriterOptions { WriteThrough = true, ParquetRowGroupSize = 1_000 };
        using var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Parquet, "run-20261207-0103", options: options);
        foreach (var record in records)
        {
            writer.Append(record);
        }

        File.Delete(Assert.Single(Directory.EnumerateFiles(_layout.WriteAheadLogDirectory, "*" + StoreLayout.JsonLinesExtension, SearchOption.AllDirectories)));

        var written = writer.Complete();

        ParquetTestFile.AssertSameRecords(records, ParquetTestFile.Read(Assert.Single(written.SealedFiles)));
    }

    [Fact]
    public void RecordWriter_RowGroupCannotBeWrittenUnderTmp_FailsNamingTheCauseAndKeepsEveryLoggedRecord()
    {
        // tmp/ is a link out of the store, which the store never writes through: a live writer writes each full row group
        // before it gathers the next, so the append that fills the first group fails the writer, leaving nothing outside.
        var outside = Path.Combine(_directory.Path, "outside");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(_layout.Root);
        Directory.CreateSymbolicLink(_layout.TempDirectory, outside);
        var options = new RecordWriterOptions { WriteThrough = true, SegmentRecordLimit = 10_000, ParquetRowGroupSize = 1_000 };
        var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Parquet, "run-20261207-0104", options: options);

        var error = Assert.Throws<StoreWriteException>(() =>
        {
            foreach (var record in TestRecords.Varied(2_500, seed: 67))
            {
                writer.Append(record);
            }
        });

        Assert.Contains($"{_layout.TempDirectory} is a symbolic link", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"\b999 records reached the write-ahead log", error.Message);
        Assert.Equal(999, writer.WrittenCount);
        var log = Assert.Single(Directory.EnumerateFiles(_layout.WriteAheadLogDirectory, "*" + StoreLayout.JsonLinesExtension, SearchOption.AllDirectories));
        Assert.Equal(999, File.ReadLines(log).Count());
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Equal(error.Message, Assert.Throws<StoreWriteException>(() => writer.Complete()).Message);
        Assert.Empty(_layout.DataFiles());
    }

    // Records carrying every column the writer would otherwise stamp, so it logs and seals them exactly as given.
    private static List<ResultRecord> StoredAsAppended(IEnumerable<ResultRecord> records) =>
        [.. records.Select(r => new ResultRecordBuilder(r) { RunId = r.RunId ?? "run-20261207-0101", Host = r.Host ?? "ci-runner-07", ProcessId = r.ProcessId ?? 31_337 }.Build())];

    private string Log(IReadOnlyList<ResultRecord> records)
    {
        var path = Path.Combine(_directory.Path, "segment-0000.jsonl");
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        new JsonLinesSegmentWriter().Write(records, stream);
        return path;
    }
}
