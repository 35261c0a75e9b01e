using RunnerHarness.Launching;
using RunnerHarness.Schema;
using RunnerHarness.Tests;
using Xunit.Abstractions;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>
/// A multi-targeted test project (TargetFrameworks) under real `dotnet test` and RunnerHarnessShards, which run in
/// its outer build, configured through the example runsettings files of the top-level build/ folder.
/// </summary>
[Collection(FixtureRuns.Name)]
public sealed class MultiTargetingTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("json.runsettings", "json")]
    [InlineData("parquet.runsettings", "parquet")]
    public void DotnetTest_OuterBuildWithExampleFormatRunSettings_RecordsEveryRowInThatFormat(string runSettings, string format)
    {
        var store = Path.Combine(_directory.Path, "store");
        var run = ChildProcess.DotnetTest(
            FixtureProjects.MultiTarget,
            ["--settings", FixtureProjects.ExampleRunSettings(runSettings)],
            new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = store });
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(8, StoreContents.Read(store).Count);
        Assert.Equal([StoreContents.ExtensionOf(format)], StoreContents.DataExtensions(store));
    }

    [Fact]
    public void DotnetTest_OuterBuildWithExampleParameterRunSettings_RecordsTheOneSamplePlanInParquet()
    {
        var store = Path.Combine(_directory.Path, "store");
        var run = ChildProcess.DotnetTest(
            FixtureProjects.MultiTarget,
            ["--settings", FixtureProjects.ExampleRunSettings("parameters.runsettings")],
            new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = store });
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Output);
        var records = StoreContents.Read(store);
        Assert.Equal(4, records.Count);
        Assert.All(records, r => Assert.Equal(0, r.SampleIndex));
        Assert.Equal([StoreContents.ExtensionOf("parquet")], StoreContents.DataExtensions(store));
    }

    [Fact]
    public void RunnerHarnessShards_OuterBuild_EachShardRunsItsHalfAndEveryRowRunsOnce()
    {
        var store = Path.Combine(_directory.Path, "store");
        var run = ChildProcess.Dotnet(
            ["msbuild", FixtureProjects.MultiTarget, "-t:RunnerHarnessShards", "-p:Shards=2", "-p:RunnerHarnessShardsNoBuild=true", "-p:RunnerHarnessRunId=outer-build-shards", "-nologo"],
            new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = store });
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(
            [new PlannedBatch("MultiTargetFixture.CellBatch.Run", "0/2", 4), new PlannedBatch("MultiTargetFixture.CellBatch.Run", "1/2", 4)],
            FixtureProjects.PlansOf(store, "outer-build-shards").OrderBy(p => p.Shard, StringComparer.Ordinal));
        var records = StoreContents.Read(store, includeLiveLogs: true);
        Assert.Equal(8, records.Count);
        Assert.Equal(8, records.Select(r => r.CaseKey).Distinct(StringComparer.Ordinal).Count());
        Assert.All(records, r => Assert.Equal(TestOutcome.Passed, r.Outcome));
        Assert.Equal(["outer-build-shards"], records.Select(r => r.RunId).Distinct());
        Assert.Equal(2, records.Select(r => r.ProcessId).Distinct().Count());
    }

    [Fact]
    public void RunnerHarnessShards_ExampleParameterRunSettings_ShardsWriteParquetForExactlyTheOneSamplePlan()
    {
        var store = Path.Combine(_directory.Path, "store");
        var run = ChildProcess.Dotnet(
            [
                "msbuild", FixtureProjects.MultiTarget, "-t:RunnerHarnessShards", "-p:Shards=2", "-p:RunnerHarnessShardsNoBuild=true", "-p:RunnerHarnessRunId=parameter-shards",
                $"-p:RunnerHarnessShardTestArguments=--settings {FixtureProjects.ExampleRunSettings("parameters.runsettings")}", "-nologo",
            ],
            new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = store });
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(4, FixtureProjects.PlansOf(store, "parameter-shards").Sum(p => p.RowsToRun));
        var records = StoreContents.Read(store, includeLiveLogs: true);
        Assert.Equal(4, records.Count);
        Assert.Equal(4, records.Select(r => r.CaseKey).Distinct(StringComparer.Ordinal).Count());
        Assert.All(records, r => Assert.Equal(0, r.SampleIndex));
        Assert.Equal([StoreContents.ExtensionOf("parquet")], StoreContents.DataExtensions(store));
    }
}
