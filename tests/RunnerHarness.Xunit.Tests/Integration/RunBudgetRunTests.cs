using RunnerHarness.Tests;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>Prices and the run budget under real `dotnet test`: cost_usd in records, rows stopped at the budget and left for top-up.</summary>
[Collection(ModelFixtureRuns.Name)]
public sealed class RunBudgetRunTests : IDisposable
{
    private const string Batch = "FullyQualifiedName~RecordingFixture.ModelClientBatch";
    private const int Samples = 5;

    // gpt-4o-mini's list prices, played by the simulated model.
    private const double InputPerMillion = 0.15;
    private const double OutputPerMillion = 0.6;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void DotnetTest_BudgetReachedAfterTheFirstRow_RecordsThatRowWithItsCostAndTheTopUpRunsTheRest()
    {
        var modelsFile = Path.Combine(_directory.Path, "runner-harness.models.json");
        File.WriteAllText(modelsFile, $$"""
            {
              "providers": { "sim": { "kind": "simulated", "seed": 3 } },
              "models": {
                "sim-small": { "provider": "sim", "prices": { "input_per_million": {{InputPerMillion}}, "output_per_million": {{OutputPerMillion}} } },
                "offline-model": { "provider": "sim" }
              }
            }
            """);
        var store = Path.Combine(_directory.Path, "store");
        var environment = new Dictionary<string, string>
        {
            ["RUNNER_HARNESS_STORE"] = store,
            ["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile,
            ["RUNNER_HARNESS_MODEL_CACHE"] = "off",
            ["RUNNER_HARNESS_MODELS"] = "sim-small",
            ["RUNNER_HARNESS_TARGET_SAMPLES"] = $"{Samples}",
            ["RUNNER_HARNESS_MAX_PARALLEL_ROWS"] = "1",
            // Far below one answer's cost: the first row starts (nothing is spent yet), and no row after it.
            ["RUNNER_HARNESS_MAX_COST"] = "0.000001",
        };

        var limited = FixtureProjects.TestRecordingAssembly(["--filter", Batch], environment);

        Assert.True(limited.ExitCode == 0, limited.Output);
        Assert.Contains("the run budget of $0.000001 is reached", limited.Output, StringComparison.Ordinal);
        var first = Assert.Single(StoreContents.Read(store, includeLiveLogs: true));
        Assert.Equal("sim-small", first.Model);
        Assert.True(first.InputTokens > 0 && first.OutputTokens > 0, "the simulated model reports usage");
        var byHand = ((first.InputTokens!.Value * InputPerMillion) + (first.OutputTokens!.Value * OutputPerMillion)) / 1_000_000;
        Assert.Equal(byHand, first.CostUsd!.Value, 12);

        environment.Remove("RUNNER_HARNESS_MAX_COST");
        var topUp = FixtureProjects.TestRecordingAssembly(["--filter", Batch], environment);

        Assert.True(topUp.ExitCode == 0, topUp.Output);
        Assert.Contains($"[RunnerHarness] plan RecordingFixture.ModelClientBatch.Ask: {Samples - 1} rows to run.", topUp.Output, StringComparison.Ordinal);
        var records = StoreContents.Read(store, includeLiveLogs: true);
        Assert.Equal(Samples, records.Count);
        Assert.Equal(Samples, records.Select(r => r.SampleIndex).Distinct().Count());
        Assert.All(records, r => Assert.True(r.CostUsd > 0, $"sample {r.SampleIndex} has cost {r.CostUsd}"));
    }
}
