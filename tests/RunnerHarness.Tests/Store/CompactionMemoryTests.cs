using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store;

/// <summary>
/// Issue 20, finding 14 (compaction): what a compaction holds at once is bounded by bytes as well as by count, so large
/// records (long model transcripts) make more, smaller merged files instead of a batch that grows with them.
/// </summary>
public sealed class CompactionMemoryTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public CompactionMemoryTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(StorageFormat.Json)]
    [InlineData(StorageFormat.Parquet)]
    public void Compact_LargeRecords_MergedFilesAreBoundedByBytesAndHoldEveryRecordOnce(StorageFormat format)
    {
        var transcript = string.Concat(Enumerable.Repeat("assistant: calling fetch_data(source='warehouse', rows=500)\ntool: 500 rows\n", 1400));
        for (var run = 0; run < 3; run++)
        {
            using var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, format, $"run-20261206-04{run:D2}");
            foreach (var record in TestRecords.Varied(10, seed: 80 + run))
            {
                writer.Append(new ResultRecordBuilder(record) { Output = transcript }.Build());
            }
        }

        var before = StoreFingerprint.Of(new StoreReader(_layout));

        // 30 records of about 200 KB each in memory: a 1 MiB bound makes about six merged files, not one of 6 MB.
        var result = new StoreCompactor(_layout, SampleHoldings.Rule).Compact(new CompactionOptions { BytesPerFile = 1 << 20 });

        Assert.InRange(result.FilesWritten.Count, 5, 8);
        Assert.Equal(30, result.Records);
        Assert.Equal(before, StoreFingerprint.Of(new StoreReader(_layout)));
    }
}
