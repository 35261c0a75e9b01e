using RunnerHarness.Store;

namespace RunnerHarness.Cli.Tests.Commands;

// `runner-harness run --max-cost` over shards: the budget is each shard's own, as docs/models.md says. In RunCommandTests
// so it never runs beside the other runs of the class, and its project is built with theirs (RunProjects).
public sealed partial class RunCommandTests
{
    private string RecordingFixture => projects.RecordingFixture;

    [Fact]
    public void Run_MaxCostBelowOneAnswerWithTwoShards_EachShardRecordsOnlyTheRowItStartedBeforeAnyCost()
    {
        using var cli = new CliRun([]);
        var modelsFile = Path.Combine(cli.Directory, "runner-harness.models.json");
        File.WriteAllText(modelsFile, """
            {
              "providers": { "sim": { "kind": "simulated", "seed": 5 } },
              "models": {
                "sim-small": { "provider": "sim", "prices": { "input_per_million": 0.15, "output_per_million": 0.6 } },
                "offline-model": { "provider": "sim" }
              }
            }
            """);
        cli.Environment["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile;

        var (code, output, error) = cli.Run(
            "run", RecordingFixture, "--shards", "2", "--no-build", "--store", cli.Store, "--run-id", "budget-1", "--model", "sim-small", "--target-samples", "8",
            "--max-parallel-rows", "1", "--max-cost", "0.000001", "--", "--filter", "FullyQualifiedName~RecordingFixture.ModelClientBatch");

        Assert.True(code == ExitCodes.Success, $"exit {code}\n{output}\n{error}");
        var records = new StoreReader(new StoreLayout(cli.Store)).Read(RecordQuery.All with { IncludeLiveLogs = true }).ToList();

        // Each shard starts its first row before anything is spent, then the budget holds back the rest: one record per
        // shard, not one for the whole run, because the budget is per process.
        Assert.Equal(["0/2", "1/2"], records.Select(r => r.Shard!).Order(StringComparer.Ordinal));
        Assert.All(records, r => Assert.True(r.CostUsd > 0, $"shard {r.Shard}: cost {r.CostUsd}"));
        foreach (var shard in new[] { 0, 1 })
        {
            var log = File.ReadAllText(Path.Combine(new StoreLayout(cli.Store).RunLogDirectory("budget-1"), $"shard-{shard}.log"));
            Assert.Contains("the run budget of $0.000001 is reached", log, StringComparison.Ordinal);
        }
    }
}
