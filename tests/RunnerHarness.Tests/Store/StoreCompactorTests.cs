using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Tests.Store.Integrity;

namespace RunnerHarness.Tests.Store;

public sealed class StoreCompactorTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public StoreCompactorTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Compact_ManySmallFiles_MergesIntoOneWithEveryRecordOnce()
    {
        for (var run = 0; run < 12; run++)
        {
            Write($"run-{run}", 10);
        }

        var before = StoreFingerprint.Of(new StoreReader(_layout));
        var result = new StoreCompactor(_layout, SampleHoldings.Rule).Compact();

        Assert.Equal(12, result.FilesRead.Count);
        Assert.Single(result.FilesWritten);
        Assert.Equal(120, result.Records);
        Assert.Single(_layout.DataFiles());
        Assert.Equal(before, StoreFingerprint.Of(new StoreReader(_layout)));
    }

    [Fact]
    public void Compact_DuplicatedFile_RemovesTheRepeats()
    {
        Write("run-a", 10);
        File.Copy(_layout.DataFiles().Single(), Path.Combine(_layout.DataDirectory, "copy.jsonl"));

        var result = new StoreCompactor(_layout, SampleHoldings.Rule).Compact();

        Assert.Equal(10, result.DuplicatesRemoved);
        Assert.True(new StoreVerifier(_layout, SampleHoldings.Rule).Verify().IsClean);
        Assert.Equal(10, new StoreReader(_layout).Read().Count());
    }

    [Fact]
    public void Compact_FileWithABadLine_KeepsItInPlaceAndMergesTheOthers()
    {
        Write("run-a", 5);
        Write("run-b", 5);
        // A file sealed before checksums, so the damage is one line (see DamageDetectionTests for checksummed files).
        var damaged = StoreFiles.AsSealedBeforeChecksums(_layout.DataFiles()[0]);
        File.AppendAllText(damaged, "{\"record_id\": oops\n");

        var result = new StoreCompactor(_layout, SampleHoldings.Rule).Compact();

        Assert.Equal([damaged], result.FilesKept);
        Assert.True(File.Exists(damaged));
        Assert.Equal(StoreProblemKind.BadLine, Assert.Single(result.Problems).Kind);
        Assert.Equal(10, new StoreReader(_layout).Read().Count());
    }

    [Fact]
    public void Compact_MaxRecordsPerFile_SplitsOutput()
    {
        Write("run-a", 25);
        Write("run-b", 25);

        var result = new StoreCompactor(_layout, SampleHoldings.Rule).Compact(new CompactionOptions { RecordsPerFile = 20 });

        Assert.Equal(3, result.FilesWritten.Count);
        Assert.Equal(50, new StoreReader(_layout).Read().Count());
    }

    [Fact]
    public void Compact_WhileAnotherCompactionHoldsTheLock_FailsClearly()
    {
        Write("run-a", 1);
        using var held = new FileStream(Path.Combine(_layout.Root, "compact.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var error = Assert.Throws<StoreWriteException>(() => new StoreCompactor(_layout, SampleHoldings.Rule).Compact());
        Assert.Contains("Another compaction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TornOrphanedLog_ReportsWithoutChangingAnything()
    {
        var folder = Path.Combine(_layout.WriteAheadLogDirectory, "dead-run");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "writer.json"), """{"run_id":"dead-run","host":"h","process_id":1,"started_at":"2026-01-01T00:00:00Z"}""");
        var log = Path.Combine(folder, "h-1-0-0000.jsonl");
        File.WriteAllText(log, """{"record_id":"r1","outcome":"passed"}""" + "\n" + """{"record_id":"r2","outc""");
        var bytes = File.ReadAllBytes(log);

        var report = new StoreVerifier(_layout, SampleHoldings.Rule).Verify();

        Assert.False(report.IsClean);
        Assert.Contains(report.Problems, p => p.Kind == StoreProblemKind.TornLogTail && p.Message.Contains("line 2", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Kind == StoreProblemKind.OrphanedLog && p.Message.StartsWith("1 records", StringComparison.Ordinal));
        Assert.Equal(bytes, File.ReadAllBytes(log));

        var problems = LogRecovery.SealOrphanedLogs(_layout, SampleHoldings.Rule, StorageFormat.Json);
        Assert.Equal(StoreProblemKind.TornLogTail, Assert.Single(problems).Kind);
        Assert.Equal("r1", Assert.Single(new StoreReader(_layout).Read()).RecordId);
        Assert.True(new StoreVerifier(_layout, SampleHoldings.Rule).Verify().IsClean);
    }

    private void Write(string runId, int count)
    {
        using var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Json, runId);
        for (var i = 0; i < count; i++)
        {
            writer.Append(new ResultRecord { Model = "m", SampleIndex = i, Metrics = new Dictionary<string, double> { ["latency"] = i } });
        }
    }
}
