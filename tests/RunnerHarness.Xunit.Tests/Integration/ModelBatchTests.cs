using System.Diagnostics;
using System.Globalization;
using RunnerHarness.Launching;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;
using RunnerHarness.Tests;
using Xunit.Abstractions;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>Model batches ([ModelMatrix] theories) under real `dotnet test`: top-up, shards, row limits, bad input.</summary>
[Collection(ModelFixtureRuns.Name)]
public sealed class ModelBatchTests(ITestOutputHelper output) : IDisposable
{
    private const string TopUp = "FullyQualifiedName~RecordingFixture.TopUpBatch";
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void DotnetTest_KilledHalfwayThenRerun_EveryCellEndsWithThreeSamplesAndAThirdRunRunsNothing()
    {
        var store = Path.Combine(_directory.Path, "store");
        // The provider limit is for ConcurrencyBatch, which this filter leaves out: a project's limits stay valid for a filtered run.
        var environment = new Dictionary<string, string>
        {
            ["RUNNER_HARNESS_STORE"] = store,
            ["RUNNER_HARNESS_MAX_PARALLEL_ROWS"] = "1",
            ["RUNNER_HARNESS_PROVIDER_LIMITS"] = "alpha=2",
        };

        // 1. Killed after 12 of the 24 rows (one row at a time, so exactly 12 finished).
        var killed = FixtureProjects.TestRecordingAssembly(["--filter", TopUp], new Dictionary<string, string>(environment) { ["FIXTURE_FAIL_FAST_AFTER"] = "12" });
        Assert.NotEqual(0, killed.ExitCode);
        Assert.Contains("[RunnerHarness] plan RecordingFixture.TopUpBatch.Run: 24 rows to run.", killed.Output, StringComparison.Ordinal);
        Assert.Equal(12, StoreContents.Read(store, includeLiveLogs: true).Count);

        // 2. The re-run executes only the 12 missing samples.
        var resumed = FixtureProjects.TestRecordingAssembly(["--filter", TopUp], environment);
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        Assert.Contains("[RunnerHarness] plan RecordingFixture.TopUpBatch.Run: 12 rows to run.", resumed.Output, StringComparison.Ordinal);
        var records = StoreContents.Read(store, includeLiveLogs: true);
        AssertEveryCellHoldsThreeOnce(records);

        // 3. A finished study runs nothing, says so, and passes: each cell is one skipped test giving the reason, not recorded.
        var results = Path.Combine(_directory.Path, "results");
        var finished = FixtureProjects.TestRecordingAssembly(["--filter", TopUp, "--logger", "trx", "--results-directory", results], environment);
        Assert.True(finished.ExitCode == 0, finished.Output);
        Assert.Contains(
            "[RunnerHarness] plan RecordingFixture.TopUpBatch.Run: 0 rows to run. RecordingFixture.TopUpBatch.Run: 8 cells x 3 samples = 24 rows. Nothing to run: all 8 cells hold 3 samples.",
            finished.Output,
            StringComparison.Ordinal);
        var cells = TrxFile.Read(results);
        Assert.Equal(8, cells.Count);
        Assert.All(cells, r => Assert.Equal("skipped", r.Outcome));
        Assert.All(cells, r => Assert.StartsWith("RecordingFixture.TopUpBatch.Run(model-", r.Name, StringComparison.Ordinal));
        Assert.Contains("wrote 0 records for 0 results", finished.Output, StringComparison.Ordinal);
        Assert.Equal(24, StoreContents.Read(store, includeLiveLogs: true).Count);
    }

    [Fact]
    public void RunnerHarnessShards_ThreeShardsAtOnceOnOneStore_RunEveryRowExactlyOnce()
    {
        var store = Path.Combine(_directory.Path, "store");
        var run = ChildProcess.Dotnet(
            ["msbuild", FixtureProjects.Recording, "-t:RunnerHarnessShards", "-p:Shards=3", "-p:RunnerHarnessShardsNoBuild=true", "-p:RunnerHarnessRunId=three-shards", $"-p:RunnerHarnessShardTestArguments=--filter {TopUp}", "-nologo"],
            new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = store });
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(
            [new PlannedBatch("RecordingFixture.TopUpBatch.Run", "0/3", 8), new PlannedBatch("RecordingFixture.TopUpBatch.Run", "1/3", 8), new PlannedBatch("RecordingFixture.TopUpBatch.Run", "2/3", 8)],
            FixtureProjects.PlansOf(store, "three-shards").OrderBy(p => p.Shard, StringComparer.Ordinal));

        var records = StoreContents.Read(store, includeLiveLogs: true);
        AssertEveryCellHoldsThreeOnce(records);
        Assert.Equal(["three-shards"], records.Select(r => r.RunId).Distinct());
        Assert.Equal(3, records.Select(r => r.ProcessId).Distinct().Count());
    }

    [Fact]
    public void RunnerHarnessShards_AShardFails_TheTargetFails()
    {
        var run = ChildProcess.Dotnet(
            ["msbuild", FixtureProjects.Recording, "-t:RunnerHarnessShards", "-p:Shards=2", "-p:RunnerHarnessShardsNoBuild=true", "-p:RunnerHarnessShardTestArguments=--filter FullyQualifiedName~RecordingFixture.EmptyMatrixBatch", "-nologo"],
            new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = Path.Combine(_directory.Path, "store") });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("RunnerHarnessShards: at least one of the 2 shards failed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void DotnetTest_ProviderLimitFourGlobalSixteen_NoProviderExceedsItsLimit()
    {
        var store = Path.Combine(_directory.Path, "store");
        var watch = Stopwatch.StartNew();
        var run = FixtureProjects.TestRecordingAssembly(
            ["--filter", "FullyQualifiedName~RecordingFixture.ConcurrencyBatch"],
            new Dictionary<string, string>
            {
                ["RUNNER_HARNESS_STORE"] = store,
                ["RUNNER_HARNESS_MAX_PARALLEL_ROWS"] = "16",
                ["RUNNER_HARNESS_PROVIDER_LIMITS"] = "alpha=4,beta=4",
                ["FIXTURE_PROVIDER_LIMIT"] = "4",
            });
        watch.Stop();
        Assert.True(run.ExitCode == 0, run.Output);

        var records = StoreContents.Read(store);
        Assert.Equal(64, records.Count);
        var byProvider = records.GroupBy(r => r.Provider!).ToDictionary(g => g.Key, g => g.Max(r => r.Metrics!["max_provider_concurrency"]));
        var total = records.Max(r => r.Metrics!["max_total_concurrency"]);
        var rowsSpan = records.Max(r => r.FinishedAt!.Value) - records.Min(r => r.StartedAt!.Value);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"64 rows meeting in fours, alpha=4, beta=4, global 16: rows took {rowsSpan.TotalSeconds:0.00} s, dotnet test {watch.Elapsed.TotalSeconds:0.0} s; max at once: alpha {byProvider["alpha"]}, beta {byProvider["beta"]}, all {total}"));

        // Counted, not timed: rows wait for each other (ConcurrencyBatch), so each provider reaches its limit and both run
        // at once; a limit that let a fifth row in would show here as 5, and a global limit that kept providers apart would
        // leave the first rows waiting until their guard failed them.
        Assert.Equal(new Dictionary<string, double> { ["alpha"] = 4, ["beta"] = 4 }, byProvider);
        Assert.Equal(8, total);
        Assert.Contains("up to 16 rows at once; per provider: alpha=4, beta=4", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RUNNER_HARNESS_SHARD", "3/2", "environment variable RUNNER_HARNESS_SHARD has the invalid value '3/2'")]
    [InlineData("RUNNER_HARNESS_SHARD", "a/b", "environment variable RUNNER_HARNESS_SHARD has the invalid value 'a/b'")]
    [InlineData("RUNNER_HARNESS_TARGET_SAMPLES", "0", "environment variable RUNNER_HARNESS_TARGET_SAMPLES has the invalid value '0'")]
    [InlineData("RUNNER_HARNESS_PROVIDER_LIMITS", "gamma=2", "limits the provider 'gamma', which no row uses")]
    [InlineData("FIXTURE_NOTHING", "empty matrix", "it declares no axis")]
    public void DotnetTest_BadInput_FailsAtStartWithTheReason(string variable, string value, string message)
    {
        var results = Path.Combine(_directory.Path, "results");
        var filter = variable == "FIXTURE_NOTHING" ? "FullyQualifiedName~RecordingFixture.EmptyMatrixBatch" : "FullyQualifiedName~RecordingFixture.ConcurrencyBatch";
        var run = FixtureProjects.TestRecordingAssembly(
            ["--filter", filter, "--logger", "trx", "--results-directory", results],
            new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = Path.Combine(_directory.Path, "store"), [variable] = value });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.Output, StringComparison.Ordinal);
        var trx = TrxFile.Read(results);
        Assert.NotEmpty(trx);
        Assert.All(trx, r => Assert.Equal("failed", r.Outcome));
        Assert.DoesNotContain("rows to run", run.Output, StringComparison.Ordinal);
    }

    internal static void AssertEveryCellHoldsThreeOnce(IReadOnlyList<ResultRecord> records)
    {
        Assert.Equal(24, records.Count);
        Assert.Equal(24, records.Select(r => r.CaseKey).Distinct(StringComparer.Ordinal).Count());
        Assert.All(records, r => Assert.Equal(TestOutcome.Passed, r.Outcome));
        var cells = records.GroupBy(r => CaseKey.CellOf(r.CaseKey!), StringComparer.Ordinal).ToList();
        Assert.Equal(8, cells.Count);
        Assert.All(cells, c => Assert.Equal([0, 1, 2], c.Select(r => r.SampleIndex!.Value).Order()));
    }
}
