using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Tests.Store;

/// <summary>
/// The id pass by claimed ranges (<see cref="ClaimedIdSweep"/>) over a store of more Parquet files than the 64 handles a
/// read keeps by default (<see cref="VerifiedSegments.DefaultCapacity"/>): the sweep keeps every file's verified handle so
/// that no file can vanish under the read, holds the ids of a few files at once, and counts each record once, also when
/// a compaction merges and removes every file while the read is under way.
/// </summary>
public sealed class ManyFilesSweepTests : IDisposable
{
    private const int Runs = 9;
    private const int SegmentsPerRun = 10;
    private const int RecordsPerSegment = 20;

    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public ManyFilesSweepTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Read_NinetyFilesWithRepeatsAcrossFiles_SweepsHoldingFewFilesIdsAndCountsEachRecordOnce()
    {
        var written = WriteRuns();
        var repeats = WriteRepeats(written);
        Assert.Equal(Runs * SegmentsPerRun + 1, _layout.DataFiles().Count);
        Assert.True(_layout.DataFiles().Count > VerifiedSegments.DefaultCapacity, "the store has no more files than the handles kept by default");

        var reader = new StoreReader(_layout);
        var ids = reader.Read().Select(r => r.RecordId).ToList();

        Assert.Equal(Ids(written), ids.Order(StringComparer.Ordinal));
        Assert.Equal(repeats.Count, reader.DuplicatesSkipped);
        Assert.Equal(written.Count, reader.RecordsProvenUnique);
        Assert.InRange(reader.IdPassFilesHeld, 1, 3);
        Assert.Empty(reader.Problems);
    }

    [Fact]
    public void Read_NinetyFilesMergedByACompactionMidRead_CountsEachRecordOnce()
    {
        var written = WriteRuns();
        var repeats = WriteRepeats(written);
        var reader = new StoreReader(_layout);

        // The id pass is done and the first file part read when the compaction merges every file and removes them all:
        // the read goes on through the handles its pass verified, so it neither lists data/ again nor counts the
        // merged file's copies of what it already yielded.
        var ids = CompactionMidRead.ReadIds(_layout, reader);

        Assert.Equal(Ids(written), ids.Order(StringComparer.Ordinal));
        Assert.Equal(repeats.Count, reader.DuplicatesSkipped);
        Assert.InRange(reader.IdPassFilesHeld, 1, 3);
        Assert.Empty(reader.Problems);
    }

    // Nine runs an hour apart, each sealed by a bulk write into ten files of twenty records: ninety files.
    private List<ResultRecord> WriteRuns()
    {
        var written = new List<ResultRecord>();
        for (var run = 0; run < Runs; run++)
        {
            var runId = $"run-20261207-{8 + run:00}00";
            var start = Monday.AddHours(run);
            var records = TestRecords.Varied(SegmentsPerRun * RecordsPerSegment, seed: 300 + run)
                .Select((r, i) => new ResultRecordBuilder(r) { RecordId = Key(start.AddMilliseconds(i * 3)), RunId = runId }.Build())
                .ToList();
            new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Parquet, new WriterIdentity(runId), segmentRecordLimit: RecordsPerSegment)
                .Write(records.Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null)));
            written.AddRange(records);
        }

        return written;
    }

    // An import repeating records of the second and the fourth run: one file whose range spans the files between.
    private List<ResultRecord> WriteRepeats(List<ResultRecord> written)
    {
        var perRun = SegmentsPerRun * RecordsPerSegment;
        List<ResultRecord> repeats = [.. written.Skip(perRun + 5).Take(7), .. written.Skip(3 * perRun + 150).Take(4)];
        new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Parquet, new WriterIdentity("run-20261207-2000"))
            .Write(repeats.Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null)));
        return repeats;
    }

    private static string Key(DateTimeOffset time) => Guid.CreateVersion7(time).ToString("D");

    private static List<string> Ids(List<ResultRecord> records) => [.. records.Select(r => r.RecordId).Order(StringComparer.Ordinal)];
}
