using RunnerHarness.Launching;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Launching;

/// <summary>Settings choose the writer: the shards of one run share its run id and write at once; each gets its own writer and stamps its shard.</summary>
public sealed class HarnessRecordWriterTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Open_TwoShardsOfOneRunAtOnce_BothWriteAndStampTheirShard()
    {
        using var first = HarnessRecordWriter.Open(Settings("0/2"), "Batch");
        using var second = HarnessRecordWriter.Open(Settings("1/2"), "Batch");

        first.Append(new ResultRecord { TestMethod = "A" });
        second.Append(new ResultRecord { TestMethod = "B" });
        first.Complete();
        second.Complete();

        var records = new StoreReader(new StoreLayout(_directory.Path)).Read(RecordQuery.All).ToList();
        Assert.Equal(["A=0/2", "B=1/2"], records.Select(r => $"{r.TestMethod}={r.Shard}").Order(StringComparer.Ordinal));
        Assert.All(records, r => Assert.Equal("run-1", r.RunId));
    }

    [Fact]
    public void Open_WithoutShard_LeavesShardUnset()
    {
        using var writer = HarnessRecordWriter.Open(new HarnessOptions()
            .Set(HarnessSettingDefinitions.RunId, "run-1", SettingOrigin.Default)
            .Set(HarnessSettingDefinitions.StorePath, _directory.Path, SettingOrigin.Default)
            .Build(_directory.Path), "Batch");

        writer.Append(new ResultRecord { TestMethod = "A" });
        writer.Complete();

        Assert.Null(Assert.Single(new StoreReader(new StoreLayout(_directory.Path)).Read(RecordQuery.All)).Shard);
    }

    [Fact]
    public void Open_SameRunAndShardWhileFirstWriterLives_FailsNamingTheSettingsThatChooseAnother()
    {
        using var first = HarnessRecordWriter.Open(Settings("0/2"), "Batch");

        var error = Assert.Throws<StoreWriteException>(() => HarnessRecordWriter.Open(Settings("0/2"), "Batch"));
        Assert.Contains("run-1.Batch.shard0of2", error.Message, StringComparison.Ordinal);
        Assert.Contains("RUNNER_HARNESS_RUN_ID", error.Message, StringComparison.Ordinal);
        Assert.Contains("RUNNER_HARNESS_SHARD", error.Message, StringComparison.Ordinal);
        Assert.IsType<WriterInUseException>(error.InnerException);
    }

    private HarnessSettings Settings(string shard) => new HarnessOptions()
        .Set(HarnessSettingDefinitions.RunId, "run-1", SettingOrigin.Default)
        .Set(HarnessSettingDefinitions.Shard, shard, SettingOrigin.Default)
        .Set(HarnessSettingDefinitions.StorePath, _directory.Path, SettingOrigin.Default)
        .Build(_directory.Path);
}
