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
    public async Task WriterKilledWithRowGroupsStreamedUnderTmp_NextWriterSealsTheLogAndCompactRemovesTheUnfinishedFile()
    {
        // Issue 25: a Parquet segment's row groups are written under tmp/ while it fills; killed, the writer leaves that
        // file unfinished beside its log. The log is what gets sealed; the file is never read, listed or sealed as data.
        var layout = new StoreLayout(_directory.Path);
        using (var probe = StoreProbeProcess.Start("stream", _directory.Path, "parquet", "streamed-run", "2500", "1000"))
        {
            await probe.WaitForLineAsync("written 2500", Timeout);
            probe.Kill();
        }

        var unfinished = Assert.Single(Directory.EnumerateFiles(layout.TempDirectory));
        Assert.True(TemporaryFiles.IsStale(unfinished));

        using (var writer = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Parquet, "streamed-run"))
        {
            writer.Complete();
        }

        var samples = new StoreReader(layout).Read().Select(r => r.SampleIndex!.Value).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 2500), samples);
        var problem = Assert.Single(new StoreVerifier(layout, SampleHoldings.Rule).Verify().Problems);
        Assert.Equal((StoreProblemKind.UnknownFile, layout.Relative(unfinished)), (problem.Kind, problem.Path));

        new StoreCompactor(layout, SampleHoldings.Rule).Compact();

        Assert.False(File.Exists(unfinished));
        Assert.True(new StoreVerifier(layout, SampleHoldings.Rule).Verify().IsClean);
        Assert.Equal(2500, new StoreReader(layout).Read().Count());
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
