using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Tests.Store;

/// <summary>
/// The id pass by claimed ranges (<see cref="ClaimedIdSweep"/>) over a store of more Parquet files than the 64 handles a
/// read keeps by default (<see cref="VerifiedSegments.DefaultCapacity"/>): the sweep keeps every file's verified handle so
/// that no file can vanish under the read, holds the ids of a few files at once, and counts each record once, also when
/// a compaction merges and removes every file while the read is under way.
/// </summary>
public sealed class ManyFilesSweepTests(ManyFilesStore store) : IClassFixture<ManyFilesStore>, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Read_NinetyFilesWithRepeatsAcrossFiles_SweepsHoldingFewFilesIdsAndCountsEachRecordOnce()
    {
        var layout = store.CopyTo(_directory.Path);
        Assert.Equal(ManyFilesStore.Runs * ManyFilesStore.SegmentsPerRun + 1, layout.DataFiles().Count);
        Assert.True(layout.DataFiles().Count > VerifiedSegments.DefaultCapacity, "the store has no more files than the handles kept by default");

        var reader = new StoreReader(layout);
        var ids = reader.Read().Select(r => r.RecordId).ToList();

        Assert.Equal(Ids(store.Written), ids.Order(StringComparer.Ordinal));
        Assert.Equal(store.Repeats.Count, reader.DuplicatesSkipped);
        Assert.Equal(store.Written.Count, reader.RecordsProvenUnique);
        Assert.InRange(reader.IdPassFilesHeld, 1, 3);
        Assert.Empty(reader.Problems);
    }

    [Fact]
    public void Read_NinetyFilesMergedByACompactionMidRead_CountsEachRecordOnce()
    {
        var layout = store.CopyTo(_directory.Path);
        var reader = new StoreReader(layout);

        // The id pass is done and the first file part read when the compaction merges every file and removes them all:
        // the read goes on through the handles its pass verified, so it neither lists data/ again nor counts the
        // merged file's copies of what it already yielded.
        var ids = CompactionMidRead.ReadIds(layout, reader);

        Assert.Equal(Ids(store.Written), ids.Order(StringComparer.Ordinal));
        Assert.Equal(store.Repeats.Count, reader.DuplicatesSkipped);
        Assert.InRange(reader.IdPassFilesHeld, 1, 3);
        Assert.Empty(reader.Problems);
    }

    private static List<string> Ids(IEnumerable<ResultRecord> records) => [.. records.Select(r => r.RecordId).Order(StringComparer.Ordinal)];
}
