using RunnerHarness.Store;

namespace RunnerHarness.Packaging.Tests;

/// <summary>`runner-harness run --shards 2`, installed from the packed feed, on the packed v3 consumers under both runners.</summary>
[Collection(GenerationPackages.Name)]
public sealed class ShardedRunConsumerTests(GenerationConsumers consumers)
{
    [Theory]
    [InlineData("VSTest")]
    [InlineData("MTP")]
    public void Run_TwoShardsOfAV3Project_RecordsEveryResultOnceInOneRunAsV2Does(string runner)
    {
        var project = runner == "MTP" ? consumers.V3Mtp : consumers.V3VSTest;
        var store = Path.Combine(consumers.Feed.Root, "stores", $"run-shards-{runner}");

        var run = ChildProcess.Run(
            consumers.Tool, ["run", project, "--shards", "2", "--store", store, "--format", "parquet"], consumers.Feed.Root, new Dictionary<string, string> { ["CI"] = "true" });

        var records = GenerationConsumers.Records(store);
        Assert.True(records.Count == GenerationConsumers.Results, $"{records.Count} records, {GenerationConsumers.Results} expected:\n{run.Output}");
        GenerationConsumers.AssertSameResults(consumers.V2Records(), records);
        Assert.Single(records.Select(r => r.RunId).Distinct());
        Assert.All(new StoreLayout(store).DataFiles(), f => Assert.EndsWith(StoreLayout.ParquetExtension, f, StringComparison.Ordinal));
        // Each shard's test host writes its own segment: two files show that two processes shared the run.
        Assert.True(new StoreLayout(store).DataFiles().Count >= 2, $"one data file: the run was not split into shards:\n{run.Output}");
    }

    [Fact]
    public void Run_ConfigFileAmongTheTestArguments_IsTheTestConfigEveryShardRecordsBy()
    {
        var store = Path.Combine(consumers.Feed.Root, "stores", "run-config-file");
        var config = Path.Combine(consumers.Feed.Root, "run.testconfig.json");
        File.WriteAllText(config, """{ "runnerHarness": { "storageFormat": "parquet" } }""");

        var run = ChildProcess.Run(
            consumers.Tool, ["run", consumers.V3Mtp, "--shards", "2", "--store", store, "--", "--config-file", config], consumers.Feed.Root,
            new Dictionary<string, string> { ["CI"] = "true" });

        Assert.True(GenerationConsumers.Records(store).Count == GenerationConsumers.Results, run.Output);
        Assert.All(new StoreLayout(store).DataFiles(), f => Assert.EndsWith(StoreLayout.ParquetExtension, f, StringComparison.Ordinal));
    }
}
