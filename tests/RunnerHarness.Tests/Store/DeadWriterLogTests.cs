using System.Buffers;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Tests.Store.Integrity;

namespace RunnerHarness.Tests.Store;

/// <summary>
/// Issue 20, finding 10: the records a killed test host left in its write-ahead log are results. Readers count the
/// finished records in the logs of writers that are gone (their lock is free), without sealing or changing anything,
/// and say how many; a live writer's log stays out of a plain read.
/// </summary>
public sealed class DeadWriterLogTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public DeadWriterLogTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Read_LogOfAWriterKilledMidRun_CountsItsRecordsSaysHowManyAndChangesNothing()
    {
        Write("run-20261206-0200", TestRecords.Varied(5, seed: 51));
        var dead = TestRecords.Varied(3, seed: 52);
        KilledWriterLog("run-20261206-0201", dead);
        using var live = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Json, "run-20261206-0202");
        foreach (var record in TestRecords.Varied(4, seed: 53))
        {
            live.Append(record);
        }

        live.Flush();
        var before = StoreFiles.Snapshot(_layout.Root);

        var reader = new StoreReader(_layout);
        var ids = reader.Read().Select(r => r.RecordId).ToList();

        Assert.Equal(8, ids.Count);
        Assert.Subset(ids.ToHashSet(), dead.Select(r => r.RecordId).ToHashSet());
        Assert.Equal(3, reader.DeadWriterRecords);
        Assert.Equal(StoreProblemKind.TornLogTail, Assert.Single(reader.Problems).Kind);
        Assert.Equal(before, StoreFiles.Snapshot(_layout.Root));
        live.Complete();
    }

    [Fact]
    public void Read_DeadWritersLogAlreadySealedBesideIt_CountsEachRecordOnce()
    {
        var dead = TestRecords.Varied(3, seed: 54);
        KilledWriterLog("run-20261206-0203", dead);
        var folder = Path.Combine(_layout.WriteAheadLogDirectory, "run-20261206-0203");
        var copy = Directory.CreateDirectory(Path.Combine(_directory.Path, "copy")).FullName;
        foreach (var file in Directory.GetFiles(folder))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        // A compaction sealed the log; the copy put back stands for a reader that opened the log before it was sealed.
        LogRecovery.SealOrphanedLogs(_layout, SampleHoldings.Rule, StorageFormat.Parquet);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(copy))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var reader = new StoreReader(_layout);

        Assert.Equal(3, reader.Read().Count());
        Assert.Equal(0, reader.DeadWriterRecords);
    }

    /// <summary>What a test host killed with SIGKILL leaves: its manifest, a free lock file and a log whose last line is cut short.</summary>
    private void KilledWriterLog(string runId, IReadOnlyList<ResultRecord> records)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_layout.WriteAheadLogDirectory, runId)).FullName;
        File.WriteAllText(Path.Combine(folder, "writer.json"), $"{{\"run_id\":\"{runId}\",\"host\":\"ci-linux-4\",\"process_id\":4242,\"started_at\":\"2026-12-06T09:15:00Z\"}}");
        File.WriteAllBytes(Path.Combine(folder, "writer.lock"), []);
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var record in records)
        {
            JsonLinesRecordCodec.WriteLine(record, buffer);
        }

        var torn = new ArrayBufferWriter<byte>();
        JsonLinesRecordCodec.WriteLine(TestRecords.EveryColumnSet(), torn);
        buffer.Write(torn.WrittenSpan[..(torn.WrittenCount / 2)]);
        File.WriteAllBytes(Path.Combine(folder, "ci-linux-4-4242-20261206T091500-0000.jsonl"), buffer.WrittenSpan.ToArray());
    }

    private void Write(string runId, IEnumerable<ResultRecord> records)
    {
        using var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Json, runId);
        foreach (var record in records)
        {
            writer.Append(record);
        }

        writer.Complete();
    }
}
