using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Store.Transcripts;
using RunnerHarness.Tests.Store.Parquet;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Tests.Store;

/// <summary>
/// Issue 25: bulk writes (import, the generator) seal their already-durable input straight into segment-sized files,
/// with no per-record write-ahead log; a file appears whole or not at all, and a failed write leaves the store as it was.
/// </summary>
public sealed class BulkRecordWriterTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public BulkRecordWriterTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Write_ParquetRecordsOverSeveralSegments_SealsEveryRecordWithSummariesNoLogAndVerifiesClean()
    {
        var records = TestRecords.Varied(2_500, seed: 71);
        var writer = new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Parquet, new WriterIdentity("run-20261206-2101", "import"), segmentRecordLimit: 1_000);

        var summary = writer.Write(records.Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null)));

        Assert.Equal(2_500, summary.RecordCount);
        Assert.Equal(3, summary.SealedFiles.Count);
        Assert.All(summary.SealedFiles, f => Assert.True(SegmentChecksum.IsInName(f), $"{f} is not named by its checksum"));
        ParquetTestFile.AssertSameRecords(records, [.. summary.SealedFiles.SelectMany(f => ParquetTestFile.Read(f))]);
        Assert.All(summary.SealedFiles, f => Assert.Single(Directory.EnumerateFiles(SegmentSummaryFile.DirectoryFor(_layout, Path.GetDirectoryName(f)!), Path.GetFileName(f) + "*")));
        Assert.False(Directory.Exists(_layout.WriteAheadLogDirectory) && Directory.EnumerateFileSystemEntries(_layout.WriteAheadLogDirectory).Any(), "a bulk write left a write-ahead log");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_layout.TempDirectory));
        var report = new StoreVerifier(_layout, SampleHoldings.Rule).Verify();
        Assert.True(report.IsClean, string.Join("; ", report.Problems.Select(p => p.Message)));
    }

    [Fact]
    public void Write_UnstampedRecords_AreStampedAsTheLiveWriterStampsThem()
    {
        var unstamped = new ResultRecordBuilder(TestRecords.Varied(1, seed: 72)[0]) { RecordId = "", RunId = null, Host = null, ProcessId = null }.Build();
        var writer = new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Json, new WriterIdentity("run-20261206-2102", "import", shard: "2/4"));

        var summary = writer.Write([(unstamped, null)]);

        var stored = Assert.Single(new StoreReader(_layout).Read().ToList());
        Assert.Single(summary.SealedFiles);
        Assert.False(string.IsNullOrEmpty(stored.RecordId));
        Assert.Equal("run-20261206-2102", stored.RunId);
        Assert.Equal(Environment.MachineName, stored.Host);
        Assert.Equal(Environment.ProcessId, stored.ProcessId);
        Assert.Equal("2/4", stored.Shard);
    }

    [Fact]
    public void Write_InputFailsInTheSecondSegment_LeavesNoFileOfItInDataOrTmp()
    {
        // The first segment is sealed whole before the input fails mid-way through the second, whose file is half
        // written under tmp/: the write must remove both, so the store shows none of a write that failed.
        var records = TestRecords.Varied(1_500, seed: 73);
        var writer = new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Parquet, new WriterIdentity("run-20261206-2103", "import"), segmentRecordLimit: 1_000);

        var error = Assert.Throws<InvalidDataException>(() => writer.Write(FailingAfter(records, 1_400)));

        Assert.Equal("the input broke at record 1,400", error.Message);
        Assert.Empty(Directory.EnumerateFiles(_layout.DataDirectory, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_layout.TempDirectory));
        Assert.Empty(new StoreReader(_layout).Read().ToList());
        var report = new StoreVerifier(_layout, SampleHoldings.Rule).Verify();
        Assert.True(report.IsClean, string.Join("; ", report.Problems.Select(p => p.Message)));
    }

    [Fact]
    public void Write_RecordsWithTranscripts_SealsEachTranscriptKeyedByItsRecord()
    {
        var records = TestRecords.Varied(30, seed: 74);
        TranscriptMessage[] transcript =
        [
            new() { Role = TranscriptRoles.User, Model = "gpt-4o-mini", Content = "Summarise the orders of /data/orders-12.csv by region." },
            new() { Role = TranscriptRoles.Assistant, Model = "gpt-4o-mini", Content = "north 112, south 98, east 140, west 77 orders." },
        ];
        var writer = new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Parquet, new WriterIdentity("run-20261206-2104", "import"), segmentRecordLimit: 10);

        writer.Write(records.Select((r, i) => (r, i % 2 == 0 ? (IReadOnlyList<TranscriptMessage>?)transcript : null)));

        var rows = TranscriptFiles.List(_layout).Files.SelectMany(f => TranscriptFiles.ReadSealed(f, p => Assert.Fail(p.Message))).ToList();
        Assert.Equal(30, rows.Count);
        Assert.Equal(records.Where((_, i) => i % 2 == 0).Select(r => r.RecordId).Order(StringComparer.Ordinal), rows.Where(r => r.Sequence == 0).Select(r => r.RecordId).Order(StringComparer.Ordinal));
        var report = new StoreVerifier(_layout, SampleHoldings.Rule).Verify();
        Assert.True(report.IsClean, string.Join("; ", report.Problems.Select(p => p.Message)));
    }

    [Theory]
    [InlineData(StorageFormat.Parquet)]
    [InlineData(StorageFormat.Json)]
    public void Write_StagedWithACheckThatRefuses_LeavesNoFileInDataOrTmp(StorageFormat format)
    {
        var records = TestRecords.Varied(2_500, seed: 75);
        var writer = new BulkRecordWriter(_layout, SampleHoldings.Rule, format, new WriterIdentity("run-20261207-0710", "import"), segmentRecordLimit: 1_000);
        var stagedWhenChecked = -1;

        var error = Assert.Throws<FormatException>(() => writer.Write(records.Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null)), () =>
        {
            stagedWhenChecked = Directory.EnumerateFiles(_layout.TempDirectory).Count();
            Assert.False(Directory.Exists(_layout.DataDirectory) && Directory.EnumerateFiles(_layout.DataDirectory, "*", SearchOption.AllDirectories).Any(), "a staged file showed before the check");
            throw new FormatException("line 2,500 names a column 'modle' the schema does not have");
        }));

        Assert.Equal("line 2,500 names a column 'modle' the schema does not have", error.Message);
        Assert.Equal(3, stagedWhenChecked);
        Assert.False(Directory.Exists(_layout.DataDirectory) && Directory.EnumerateFiles(_layout.DataDirectory, "*", SearchOption.AllDirectories).Any());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_layout.TempDirectory));
    }

    [Theory]
    [InlineData(StorageFormat.Parquet)]
    [InlineData(StorageFormat.Json)]
    public void Write_StagedWithACheckThatSaysNotToPublish_DeletesTheStagedFilesAndSealsNothing(StorageFormat format)
    {
        var records = TestRecords.Varied(2_500, seed: 78);
        var writer = new BulkRecordWriter(_layout, SampleHoldings.Rule, format, new WriterIdentity("run-20261207-0713", "import"), segmentRecordLimit: 1_000);
        var stagedWhenChecked = -1;

        var summary = writer.Write(records.Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null)), () =>
        {
            stagedWhenChecked = Directory.EnumerateFiles(_layout.TempDirectory).Count();
            return false;
        });

        Assert.Equal((0L, 0), (summary.RecordCount, summary.SealedFiles.Count));
        Assert.Equal(3, stagedWhenChecked);
        Assert.False(Directory.Exists(_layout.DataDirectory) && Directory.EnumerateFiles(_layout.DataDirectory, "*", SearchOption.AllDirectories).Any());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_layout.TempDirectory));
    }

    [Fact]
    public void Write_StagedWhoseLastFileCannotBeRenamedIn_RemovesTheFilesRenamedBeforeIt()
    {
        // All or nothing: the third staged file (the smallest, 500 records) vanishes before the renames start, so its rename
        // fails after the first two were renamed into data/; they must be removed again.
        var records = TestRecords.Varied(2_500, seed: 76);
        var writer = new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Parquet, new WriterIdentity("run-20261207-0711", "import"), segmentRecordLimit: 1_000);

        Assert.ThrowsAny<Exception>(() => writer.Write(records.Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null)), () =>
        {
            File.Delete(Directory.EnumerateFiles(_layout.TempDirectory).MinBy(f => new FileInfo(f).Length)!);
            return true;
        }));

        Assert.Empty(Directory.EnumerateFiles(_layout.DataDirectory, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_layout.TempDirectory));
        Assert.Empty(new StoreReader(_layout).Read().ToList());
    }

    [Fact]
    public void Write_StagedWithACheckThatPasses_SealsEveryRecordOnlyThen()
    {
        var records = TestRecords.Varied(2_500, seed: 77);
        var writer = new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Parquet, new WriterIdentity("run-20261207-0712", "import"), segmentRecordLimit: 1_000);

        var summary = writer.Write(records.Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null)), () => true);

        Assert.Equal(3, summary.SealedFiles.Count);
        Assert.All(summary.SealedFiles, f => Assert.True(SegmentChecksum.IsInName(f), $"{f} is not named by its checksum"));
        ParquetTestFile.AssertSameRecords(records, [.. summary.SealedFiles.SelectMany(f => ParquetTestFile.Read(f))]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_layout.TempDirectory));
        var report = new StoreVerifier(_layout, SampleHoldings.Rule).Verify();
        Assert.True(report.IsClean, string.Join("; ", report.Problems.Select(p => p.Message)));
    }

    private static IEnumerable<(ResultRecord, IReadOnlyList<TranscriptMessage>?)> FailingAfter(List<ResultRecord> records, int failAt)
    {
        for (var i = 0; i < records.Count; i++)
        {
            if (i == failAt)
            {
                throw new InvalidDataException($"the input broke at record {failAt:N0}");
            }

            yield return (records[i], null);
        }
    }
}
