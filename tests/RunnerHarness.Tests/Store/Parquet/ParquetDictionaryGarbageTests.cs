using RunnerHarness.Store;
using RunnerHarness.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Store.Parquet;

/// <summary>
/// Issue 25, the seal's peak memory: a live writer's segment collects the dictionary Parquet.Net presizes to each large
/// dictionary-encoded chunk before it writes the next column, instead of letting a row group's worth pile up.
/// </summary>
public sealed class ParquetDictionaryGarbageTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void DropAfter_ChunkTooSmallToMatter_CollectsNothing()
    {
        Assert.False(ParquetDictionaryGarbage.DropAfter(ParquetDictionaryGarbage.CollectFromValues - 1));
        Assert.False(ParquetDictionaryGarbage.DropAfter(0));
    }

    [Fact]
    public void DropAfter_LargeChunk_RunsAFullCollection()
    {
        var before = GC.CollectionCount(2);

        Assert.True(ParquetDictionaryGarbage.DropAfter(ParquetDictionaryGarbage.CollectFromValues));

        Assert.True(GC.CollectionCount(2) > before);
    }

    [Fact]
    public void LiveSegment_RowGroupOfLargeDictionaryColumns_CollectsAfterEachOfThemAndSealsTheSameRecords()
    {
        const int Rows = 40_000;
        var records = TestRecords.Varied(Rows, seed: 91);
        var largeDictionaryColumns = LargeDictionaryColumns(records);
        Assert.True(largeDictionaryColumns >= 10, $"only {largeDictionaryColumns} dictionary columns of {Rows:N0} values");
        var layout = new StoreLayout(_directory.Path);

        var before = GC.CollectionCount(2);
        string file;
        using (var segment = new StreamedParquetSegment(layout, Rows, StreamedSegmentUse.Live))
        {
            foreach (var record in records)
            {
                segment.Add(record);
            }

            // The full group was written inside the last Add, before it returned.
            Assert.True(GC.CollectionCount(2) - before >= largeDictionaryColumns, $"{GC.CollectionCount(2) - before} full collections for {largeDictionaryColumns} large dictionary columns");
            file = segment.Finish();
        }

        ParquetTestFile.AssertSameRecords(records, ParquetTestFile.Read(file));
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
