using RunnerHarness.Aggregation;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store;

/// <summary>Writers killed with SIGKILL lose nothing the documented guarantee covers.</summary>
public sealed class KilledWriterTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("json")]
    [InlineData("parquet")]
    public async Task WriterKilledAfterFlush_Recovery_ReadsBackEveryFlushedRecordAndVerifiesClean(string format)
    {
        var layout = new StoreLayout(_directory.Path);
        using (var probe = StoreProbeProcess.Start("append", _directory.Path, format, "killed-run", "1000000", "1000"))
        {
            await probe.WaitForLineAsync("durable 5000", Timeout);
            probe.Kill();
        }

        var problems = LogRecovery.SealOrphanedLogs(layout, SampleHoldings.Rule, Enum.Parse<StorageFormat>(format, ignoreCase: true));

        var samples = new StoreReader(layout).Read().Select(r => r.SampleIndex!.Value).ToHashSet();
        Assert.True(samples.Count >= 5000, $"only {samples.Count} records survived");
        Assert.True(Enumerable.Range(1, samples.Count).All(samples.Contains), "the surviving records are not a prefix of the appended ones");
        Assert.All(problems, p => Assert.Equal(StoreProblemKind.TornLogTail, p.Kind));
        Assert.True(new StoreVerifier(layout, SampleHoldings.Rule).Verify().IsClean);
        Assert.Empty(Directory.EnumerateFileSystemEntries(layout.WriteAheadLogDirectory));
    }

    [Fact]
    public async Task WriterKilledWithoutFlush_OnceRecordsAreWritten_EveryRecordSurvives()
    {
        var layout = new StoreLayout(_directory.Path);
        using (var probe = StoreProbeProcess.Start("hold", _directory.Path, "json", "held-run", "20000"))
        {
            await probe.WaitForLineAsync("written 20000", Timeout);
            probe.Kill();
        }

        Assert.Single(LogRecovery.FindOrphanedLogs(layout));
        LogRecovery.SealOrphanedLogs(layout, SampleHoldings.Rule, StorageFormat.Json);

        Assert.Equal(20_000, new StoreReader(layout).Read().Count());
        Assert.True(new StoreVerifier(layout, SampleHoldings.Rule).Verify().IsClean);
    }

    [Fact]
    public async Task NextWriterOfTheSameRun_AfterAKilledOne_SealsItsLogsBeforeWriting()
    {
        var layout = new StoreLayout(_directory.Path);
        using (var probe = StoreProbeProcess.Start("hold", _directory.Path, "json", "resumed-run", "300"))
        {
            await probe.WaitForLineAsync("written 300", Timeout);
            probe.Kill();
        }

        using (var writer = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Json, "resumed-run"))
        {
            writer.Append(new RunnerHarness.Schema.ResultRecord());
        }

        Assert.Equal(301, new StoreReader(layout).Read().Count());
    }
}
