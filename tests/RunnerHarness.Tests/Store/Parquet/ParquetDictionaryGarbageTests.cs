using RunnerHarness.Store;
using RunnerHarness.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Store.Parquet;

/// <summary>
/// Issue 25, the seal's peak memory, and what it costs a large test host: a live writer's segment collects the dictionary
/// Parquet.Net presizes to each large dictionary-encoded chunk once that garbage is an eighth of the heap a full collection
/// marks: after every one or two large columns in a small process, seldom in one holding hundreds of MB.
/// </summary>
public sealed class ParquetDictionaryGarbageTests : IDisposable
{
    private const long Megabyte = 1 << 20;

    // A 100,000-row group with every one of its 28 dictionary leaves large (the probe's records make 14 of them large).
    private const int GroupColumns = 28;
    private const int GroupRows = 100_000;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void DropAfter_ChunkTooSmallToMatter_NeitherCollectsNorCounts()
    {
        var garbage = new ParquetDictionaryGarbage(() => 0);

        Assert.False(garbage.DropAfter(ParquetDictionaryGarbage.CollectFromValues - 1));
        Assert.False(garbage.DropAfter(0));
        Assert.Equal(0, garbage.Collections);
    }

    [Fact]
    public void DropAfter_LargeChunkInSmallHeap_RunsAFullCollection()
    {
        var garbage = new ParquetDictionaryGarbage(() => 8 * Megabyte);
        var before = GC.CollectionCount(2);

        Assert.True(garbage.DropAfter(ParquetDictionaryGarbage.CollectFromValues));

        Assert.True(GC.CollectionCount(2) > before);
        Assert.Equal(1, garbage.Collections);
    }

    [Fact]
    public void DropAfter_GroupInSmallProcess_CollectsAfterEveryColumn()
    {
        // A plain process's heap while it seals (~20 MB live): each column's 3.6 MB is more than an eighth of it.
        var garbage = new ParquetDictionaryGarbage(() => 20 * Megabyte);

        for (var column = 0; column < GroupColumns; column++)
        {
            Assert.True(garbage.DropAfter(GroupRows), $"no collection after column {column}");
        }

        Assert.Equal(GroupColumns, garbage.Collections);
    }

    [Fact]
    public void DropAfter_ThreeGroupsInHostHolding800Megabytes_CollectsOncePerEighthOfTheHeap()
    {
        // 800 MB live: a collection needs 100 MB of garbage, 30 columns of 100,000 values (3.6 MB each), so three groups'
        // 84 large columns collect twice, not 84 times (which paused such a process ~5 s a group).
        var garbage = new ParquetDictionaryGarbage(() => 800 * Megabyte);

        var collected = new List<int>();
        for (var column = 0; column < 3 * GroupColumns; column++)
        {
            if (garbage.DropAfter(GroupRows))
            {
                collected.Add(column);
            }
        }

        Assert.Equal([29, 59], collected);
        Assert.Equal(2, garbage.Collections);
    }

    [Fact]
    public void LiveSegment_SmallHeap_CollectsAfterEachLargeDictionaryColumnAndSealsTheSameRecords()
    {
        const int Rows = 40_000;
        var records = TestRecords.Varied(Rows, seed: 91);
        var largeDictionaryColumns = LargeDictionaryColumns(records);
        Assert.True(largeDictionaryColumns >= 10, $"only {largeDictionaryColumns} dictionary columns of {Rows:N0} values");

        // A heap of nothing yet: every large column's garbage is worth a collection.
        var garbage = new ParquetDictionaryGarbage(() => 0);
        var before = GC.CollectionCount(2);
        var file = Seal(records, garbage, afterLastAdd: () =>
            Assert.True(GC.CollectionCount(2) - before >= largeDictionaryColumns, $"{GC.CollectionCount(2) - before} full collections for {largeDictionaryColumns} large dictionary columns"));

        Assert.Equal(largeDictionaryColumns, garbage.Collections);
        ParquetTestFile.AssertSameRecords(records, ParquetTestFile.Read(file));
    }

    [Fact]
    public void LiveSegment_HostHolding800Megabytes_CollectsNothingForOneGroupAndSealsTheSameRecords()
    {
        const int Rows = 40_000;
        var records = TestRecords.Varied(Rows, seed: 92);
        Assert.True(LargeDictionaryColumns(records) >= 10);

        var garbage = new ParquetDictionaryGarbage(() => 800 * Megabyte);
        var file = Seal(records, garbage, afterLastAdd: () => { });

        Assert.Equal(0, garbage.Collections);
        ParquetTestFile.AssertSameRecords(records, ParquetTestFile.Read(file));
    }

    // Adds the records to a live segment of one row group; the full group is written inside the last Add, before it returns.
    private string Seal(List<RunnerHarness.Schema.ResultRecord> records, ParquetDictionaryGarbage garbage, Action afterLastAdd)
    {
        using var segment = new StreamedParquetSegment(new StoreLayout(_directory.Path), records.Count, StreamedSegmentUse.Live, garbage);
        foreach (var record in records)
        {
            segment.Add(record);
        }

        afterLastAdd();
        return segment.Finish();
    }

    // How many of the row group's columns hand Parquet.Net at least CollectFromValues dictionary-encoded values.
    private static int LargeDictionaryColumns(List<RunnerHarness.Schema.ResultRecord> records)
    {
        var buffers = ParquetSegmentWriter.CreateBuffers(records.Count);
        try
        {
            foreach (var record in records)
            {
                foreach (var buffer in buffers)
                {
                    buffer.Append(record);
                }
            }

            return buffers.Count(b => b.DictionaryValueCount >= ParquetDictionaryGarbage.CollectFromValues);
        }
        finally
        {
            foreach (var buffer in buffers)
            {
                buffer.Dispose();
            }
        }
    }
}
