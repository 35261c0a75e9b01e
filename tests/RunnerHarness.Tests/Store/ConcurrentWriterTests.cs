using RunnerHarness.Aggregation;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store;

/// <summary>Many real writer processes on one store, with and without a compaction running beside them.</summary>
public sealed class ConcurrentWriterTests : IDisposable
{
    private const int Writers = 16;

    // Enough for sixteen processes' appends and seals to overlap with each other and with a compaction; the scale of a
    // real study (32 x 20,000, mixed formats) is tests/soak/concurrency-soak.sh, which CI does not run.
    private const int RecordsPerWriter = 3_000;
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(4);
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string> Mixes => ["json", "parquet", "mixed"];

    // Each format alone meets concurrent writers in the compaction test below; here both share one store.
    [Fact]
    public async Task SixteenWriterProcesses_AppendingAtOnceInBothFormats_EveryRecordReadBackExactlyOnce()
    {
        await RunWritersAsync("mixed", whileWriting: null);

        AssertStoreHoldsEveryRecordOnce();
    }

    [Theory]
    [MemberData(nameof(Mixes))]
    public async Task SixteenWriterProcesses_WhileCompactionRuns_EveryRecordReadBackExactlyOnce(string mix)
    {
        var layout = new StoreLayout(_directory.Path);
        var compactions = 0;
        var counts = new List<int>();
        await RunWritersAsync(mix, whileWriting: writing => Task.WhenAll(
            Task.Run(async () =>
            {
                while (!writing.IsCompleted)
                {
                    new StoreCompactor(layout, SampleHoldings.Rule).Compact();
                    compactions++;
                    await Task.Delay(20);
                }
            }),
            Task.Run(() =>
            {
                // A reader racing the compactor must never see a record vanish.
                while (!writing.IsCompleted)
                {
                    counts.Add(new StoreReader(layout).Read(RecordQuery.All with { Projection = RecordProjection.Of() }).Count());
                }
            })));

        Assert.True(compactions > 0);
        Assert.Equal(counts.Order(), counts);
        AssertStoreHoldsEveryRecordOnce();
        new StoreCompactor(layout, SampleHoldings.Rule).Compact();
        AssertStoreHoldsEveryRecordOnce();
        Assert.True(new StoreVerifier(layout, SampleHoldings.Rule).Verify().IsClean);
    }

    private async Task RunWritersAsync(string mix, Func<Task, Task>? whileWriting)
    {
        var probes = Enumerable.Range(0, Writers)
            .Select(i => StoreProbeProcess.Start("append", _directory.Path, FormatOf(mix, i), $"writer-{i:D2}", RecordsPerWriter.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
        try
        {
            var writing = Task.WhenAll(probes.Select(p => p.WaitForExitAsync(ProcessTimeout)));
            if (whileWriting is not null)
            {
                await Task.WhenAll(writing, whileWriting(writing));
            }

            await writing;
        }
        finally
        {
            foreach (var probe in probes)
            {
                probe.Dispose();
            }
        }
    }

    private void AssertStoreHoldsEveryRecordOnce()
    {
        var reader = new StoreReader(new StoreLayout(_directory.Path));
        var keys = reader.Read().Select(r => r.CaseKey).ToList();

        Assert.Equal(Writers * RecordsPerWriter, keys.Count);
        Assert.Equal(Writers * RecordsPerWriter, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(reader.Problems);
    }

    private static string FormatOf(string mix, int writer) => mix switch
    {
        "mixed" => writer % 2 == 0 ? "json" : "parquet",
        _ => mix,
    };
}
