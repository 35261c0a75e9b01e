using System.Text;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Tests.Store.Integrity;

/// <summary>What a killed or hostile process leaves behind is sealed safely or reported, never left forever or followed outside the store.</summary>
public sealed class LeftoverTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public LeftoverTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("{\"run_id\":\"run-20261128-0001\",\"ho")]
    [InlineData("")]
    public void SealOrphanedLogs_TruncatedWriterJson_SealsTheLogUnderRecoveredSoVerifyIsClean(string manifest)
    {
        var folder = DeadWriter("run-20261128-0001", manifest, 3);

        var problems = LogRecovery.SealOrphanedLogs(_layout, SampleHoldings.Rule, StorageFormat.Json);

        Assert.Empty(problems);
        Assert.False(Directory.Exists(folder));
        var file = Assert.Single(_layout.DataFiles());
        Assert.StartsWith(_layout.RunDirectory(LogRecovery.RecoveredRunId) + Path.DirectorySeparatorChar, file, StringComparison.Ordinal);
        Assert.Equal(3, new StoreReader(_layout).Read().Count());
        Assert.True(new StoreVerifier(_layout, SampleHoldings.Rule).Verify().IsClean);
    }

    [Theory]
    [InlineData("../../../outside")]
    [InlineData("/tmp/outside")]
    [InlineData("..")]
    public void SealOrphanedLogs_WriterJsonWithAHostileRunId_SealsInsideData(string runId)
    {
        var manifest = $$"""{"run_id":{{System.Text.Json.JsonSerializer.Serialize(runId)}},"host":"ci-07","process_id":4242,"started_at":"2026-11-28T04:00:00Z"}""";
        DeadWriter("run-20261128-0002", manifest, 2);
        var followed = Path.GetFullPath(Path.Combine(_layout.DataDirectory, "runs", runId));
        var existedBefore = Directory.Exists(followed) ? Directory.GetFiles(followed).Length : 0;

        LogRecovery.SealOrphanedLogs(_layout, SampleHoldings.Rule, StorageFormat.Parquet);

        var file = Assert.Single(_layout.DataFiles());
        Assert.StartsWith(_layout.RunDirectory(LogRecovery.RecoveredRunId) + Path.DirectorySeparatorChar, file, StringComparison.Ordinal);
        Assert.Equal(existedBefore, Directory.Exists(followed) ? Directory.GetFiles(followed).Length : 0);
    }

    [Fact]
    public void Verify_FilesMergedByACompactionWhileItReads_StartsOverAndReportsNoFalseDuplicates()
    {
        for (var run = 1; run <= 4; run++)
        {
            using var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Json, $"run-20261128-000{run}");
            foreach (var record in TestRecords.Varied(5, seed: run))
            {
                writer.Append(new ResultRecordBuilder(record) { RecordId = null }.Build());
            }
        }

        var compactions = 0;
        var report = new StoreVerifier(_layout, SampleHoldings.Rule).Verify((done, _) =>
        {
            if (done == 1 && compactions == 0)
            {
                compactions++;
                new StoreCompactor(_layout, SampleHoldings.Rule).Compact();
            }
        });

        Assert.Equal(1, compactions);
        Assert.True(report.IsClean, string.Join("; ", report.Problems));
        Assert.Equal(20, report.DistinctRecords);
    }

    [Fact]
    public void Verify_SameIdWithDifferentContentInTwoFiles_NamesTheConflictAndTheCopyReadersKeep()
    {
        var records = TestRecords.Varied(3);
        using (var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Json, "run-20261128-0001"))
        {
            records.ForEach(writer.Append);
        }

        var changed = TestRecords.Varied(3);
        changed[1] = new ResultRecordBuilder(changed[1]) { Outcome = changed[1].Outcome == TestOutcome.Failed ? TestOutcome.Passed : TestOutcome.Failed }.Build();
        using (var writer = RecordWriter.Open(_layout, SampleHoldings.Rule, StorageFormat.Json, "run-20261128-0002"))
        {
            writer.Append(changed[1]);
            writer.Append(changed[2]);
        }

        var report = new StoreVerifier(_layout, SampleHoldings.Rule).Verify();

        var conflict = Assert.Single(report.Problems, p => p.Kind == StoreProblemKind.ConflictingDuplicate);
        Assert.Contains(records[1].RecordId, conflict.Message, StringComparison.Ordinal);
        Assert.Contains("run-20261128-0002", conflict.Path, StringComparison.Ordinal);
        Assert.Contains("run-20261128-0001", conflict.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Problems, p => p.Kind == StoreProblemKind.ConflictingDuplicate && p.Message.Contains(records[2].RecordId, StringComparison.Ordinal));

        // Same finished_at: the copy with the smaller content hash counts (CopyPrecedence), whichever file holds it.
        var line = new System.Buffers.ArrayBufferWriter<byte>();
        var kept = CopyPrecedence.Of(records[1], line).Precedes(CopyPrecedence.Of(changed[1], line)) ? records[1] : changed[1];
        var keptRun = kept == records[1] ? "run-20261128-0001" : "run-20261128-0002";
        Assert.Contains($"readers keep the copy of data/runs/{keptRun}/", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(kept.Outcome, new StoreReader(_layout).Read().Single(r => r.RecordId == records[1].RecordId).Outcome);
    }

    private string DeadWriter(string folderName, string manifest, int records)
    {
        var folder = Path.Combine(_layout.WriteAheadLogDirectory, folderName);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "writer.json"), manifest);
        var lines = new StringBuilder();
        foreach (var record in TestRecords.Varied(records))
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            JsonLinesRecordCodec.WriteLine(record, buffer);
            lines.Append(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }

        File.WriteAllText(Path.Combine(folder, "ci-07-4242-20261128T040000-0000.jsonl"), lines.ToString());
        return folder;
    }
}
