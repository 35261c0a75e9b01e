using RunnerHarness.Store;

namespace RunnerHarness.Packaging.Tests;

/// <summary>
/// `runner-harness run --shards 2`, installed from the packed feed, on the packed v3 consumers under both runners; with
/// `--no-build` (the consumers are built once for the collection): what `run` builds is RunnerHarness.Cli.Tests' claim.
/// </summary>
[Collection(GenerationPackages.Name)]
public sealed class ShardedRunConsumerTests(GenerationConsumers consumers)
{
    [Theory]
    [InlineData("VSTest")]
    [InlineData("MTP")]
    public void Run_TwoShardsOfAV3Project_RecordsEveryResultOnceInOneRunAsV2Does(string runner)
    {
        var project = runner == "MTP" ? consumers.V3Mtp : consumers.V3VSTest;
        var store = Path.Combine(consumers.Folder, "stores", $"run-shards-{runner}");

        var run = ChildProcess.Run(
            consumers.Tool, ["run", project, "--shards", "2", "--no-build", "--store", store, "--format", "parquet"], consumers.Folder, new Dictionary<string, string> { ["CI"] = "true" });

        var records = GenerationConsumers.Records(store);
        Assert.True(records.Count == GenerationConsumers.Results, $"{records.Count} records, {GenerationConsumers.Results} expected:\n{run.Output}");
        GenerationConsumers.AssertSameResults(consumers.V2Records(), records);
        Assert.Single(records.Select(r => r.RunId).Distinct());
        Assert.All(new StoreLayout(store).DataFiles(), f => Assert.EndsWith(StoreLayout.ParquetExtension, f, StringComparison.Ordinal));
        // Each shard's test host writes its own segment: two files show that two processes shared the run.
        Assert.True(new StoreLayout(store).DataFiles().Count >= 2, $"one data file: the run was not split into shards:\n{run.Output}");
    }

    [Theory]
    [InlineData("VSTest")]
    [InlineData("MTP")]
    public void ShardsTarget_OfAV3Project_RunsTheToolAndRecordsEveryResultOnceInOneRun(string runner)
    {
        var project = runner == "MTP" ? consumers.V3Mtp : consumers.V3VSTest;
        var store = Path.Combine(consumers.Folder, "stores", $"shards-target-{runner}");

        // The package's RunnerHarnessShards target, started the way docs/cli.md shows, with the tool from the feed.
        var run = ChildProcess.Run(
            "dotnet",
            ["msbuild", project, "-t:RunnerHarnessShards", "-p:Shards=2", $"-p:RunnerHarnessTool={consumers.Tool}", "-p:RunnerHarnessShardsNoBuild=true", "-nologo"],
            consumers.Folder,
            new Dictionary<string, string> { ["CI"] = "true", ["RUNNER_HARNESS_STORE"] = store });

        // The consumer's tests include three that fail on purpose, so the target fails as it says, after both shards recorded.
        Assert.True(run.ExitCode != 0 && run.Output.Contains("RunnerHarnessShards: at least one of the 2 shards failed", StringComparison.Ordinal), $"exit {run.ExitCode}:\n{run.Output}");
        var records = GenerationConsumers.Records(store);
        GenerationConsumers.AssertSameResults(consumers.V2Records(), records);
        Assert.Single(records.Select(r => r.RunId).Distinct());
        Assert.True(new StoreLayout(store).DataFiles().Count >= 2, $"one data file: the run was not split into shards:\n{run.Output}");
    }

    [Fact]
    public void Run_ConfigFileAmongTheTestArguments_IsTheTestConfigEveryShardRecordsBy()
    {
        var store = Path.Combine(consumers.Folder, "stores", "run-config-file");
        var config = Path.Combine(consumers.Folder, "run.testconfig.json");
        File.WriteAllText(config, """{ "runnerHarness": { "storageFormat": "parquet" } }""");

        var run = ChildProcess.Run(
            consumers.Tool, ["run", consumers.V3Mtp, "--shards", "2", "--no-build", "--store", store, "--", "--config-file", config], consumers.Folder,
            new Dictionary<string, string> { ["CI"] = "true" });

        Assert.True(GenerationConsumers.Records(store).Count == GenerationConsumers.Results, run.Output);
        Assert.All(new StoreLayout(store).DataFiles(), f => Assert.EndsWith(StoreLayout.ParquetExtension, f, StringComparison.Ordinal));
    }
}
