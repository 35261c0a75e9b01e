using RunnerHarness.Aggregation;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Tests.Store.Integrity;

namespace RunnerHarness.Tests.Store.Summaries;

/// <summary>
/// Planning reads the store's summaries on a pool thread while it builds its keys (<see cref="SummaryReadAhead"/>): the
/// consumer must get what the reader gives, in its order, with its problems, and meet what it throws.
/// </summary>
public sealed class SummaryReadAheadTests : IDisposable
{
    private const int Started = 0;
    private const int Yielded = 1;
    private const int Ended = 2;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private StoreLayout Layout => new(_directory.Path);

    [Theory]
    [InlineData(StorageFormat.Json)]
    [InlineData(StorageFormat.Parquet)]
    public void Consume_StoreWithADamagedFile_GivesWhatTheReaderGivesInItsOrder(StorageFormat format)
    {
        // Each file holds another number of records, which tells its summary apart.
        for (var i = 0; i < 5; i++)
        {
            Write(format, $"run-20261207-000{i + 1}", 41 + i);
        }

        var damaged = Layout.DataFiles().Order(StringComparer.Ordinal).ElementAt(2);
        StoreFiles.FlipBit(damaged, new FileInfo(damaged).Length / 2, 2);
        var direct = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var expected = direct.Read(runIds: null, includeLiveLogs: true).Select(s => s.Records).ToList();

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        List<long> consumed;
        using (var readAhead = new SummaryReadAhead(reader.Read(runIds: null, includeLiveLogs: true), ahead: 1))
        {
            consumed = [.. readAhead.Consume().Select(s => s.Records)];
        }

        Assert.Equal([41L, 42L, 44L, 45L], expected);
        Assert.Equal(expected, consumed);
        Assert.Equal((4, 0), (reader.SummariesRead, reader.FilesReadInFull));
        Assert.Equal(direct.Problems, reader.Problems);
    }

    [Fact]
    public void Consume_ReaderThrows_TheConsumerMeetsTheExceptionAfterTheSummariesBeforeIt()
    {
        Write(StorageFormat.Json, "run-20261207-0011", 30);
        var summary = new StoreSummaryReader(Layout, SampleHoldings.Rule).Read(runIds: null, includeLiveLogs: false).Single();

        var consumed = new List<SegmentSummary>();
        using var readAhead = new SummaryReadAhead(ThenUnreadable(summary), ahead: 1);
        var thrown = Assert.Throws<UnauthorizedAccessException>(() => consumed.AddRange(readAhead.Consume()));

        Assert.Same(summary, Assert.Single(consumed));
        Assert.Contains("summaries/runs", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_BeforeTheSummariesAreConsumed_LeavesNoReadGoing()
    {
        Write(StorageFormat.Json, "run-20261207-0021", 30);
        var summary = new StoreSummaryReader(Layout, SampleHoldings.Rule).Read(runIds: null, includeLiveLogs: false).Single();
        var reads = new int[3];

        using (new SummaryReadAhead(Repeated(summary, 50, reads), ahead: 1))
        {
        }

        // Either the pool never started the read, or the read was stopped and its enumerator disposed before Dispose returned.
        Assert.Equal(reads[Started], reads[Ended]);
        Assert.True(reads[Yielded] <= 2, $"{reads[Yielded]} summaries were read for a consumer that took none");
    }

    private static IEnumerable<SegmentSummary> ThenUnreadable(SegmentSummary summary)
    {
        yield return summary;
        throw new UnauthorizedAccessException("Access to the path 'summaries/runs/run-20261207-0011' is denied.");
    }

    // reads counts the enumerations started, the summaries yielded and the enumerations ended (finished or disposed).
    private static IEnumerable<SegmentSummary> Repeated(SegmentSummary summary, int count, int[] reads)
    {
        Interlocked.Increment(ref reads[Started]);
        try
        {
            for (var i = 0; i < count; i++)
            {
                Interlocked.Increment(ref reads[Yielded]);
                yield return summary;
            }
        }
        finally
        {
            Interlocked.Increment(ref reads[Ended]);
        }
    }

    private void Write(StorageFormat format, string runId, int count) => StoreFiles.SealedRun(Layout, format, runId, count, seed: 17);
}
