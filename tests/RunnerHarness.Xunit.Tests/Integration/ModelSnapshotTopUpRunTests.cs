using System.Text.Json;
using RunnerHarness.Tests;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>
/// Real `dotnet test` runs of the recording fixture's model batch with a models file: a sample is held only by a result of
/// the same <c>model_id</c>, so pointing the models at new snapshots runs every sample again, once.
/// </summary>
[Collection(ModelFixtureRuns.Name)]
public sealed class ModelSnapshotTopUpRunTests : IDisposable
{
    private const string Filter = "FullyQualifiedName~RecordingFixture.ModelClientBatch";
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TopUp_ModelIdChangedInTheModelsFile_RunsEverySampleAgainOnceAndRecordsTheNewModelId()
    {
        var store = Path.Combine(_directory.Path, "store");
        var modelsFile = Path.Combine(_directory.Path, "models.json");
        var environment = new Dictionary<string, string>
        {
            ["RUNNER_HARNESS_STORE"] = store,
            ["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile,
            ["RUNNER_HARNESS_MODEL_CACHE"] = "off",
        };

        WriteModels(modelsFile, "2024-05-13");
        var first = FixtureProjects.TestRecordingAssembly(["--filter", Filter], environment);
        WriteModels(modelsFile, "2024-08-06");
        var toRunByProgress = ProgressToRun(store, modelsFile);
        var second = FixtureProjects.TestRecordingAssembly(["--filter", Filter], environment);
        var third = FixtureProjects.TestRecordingAssembly(["--filter", Filter], environment);

        Assert.Contains("[RunnerHarness] plan RecordingFixture.ModelClientBatch.Ask: 4 rows to run.", first.Output, StringComparison.Ordinal);
        Assert.Equal(4, toRunByProgress);
        Assert.Contains("[RunnerHarness] plan RecordingFixture.ModelClientBatch.Ask: 4 rows to run.", second.Output, StringComparison.Ordinal);
        Assert.Contains("[RunnerHarness] plan RecordingFixture.ModelClientBatch.Ask: 0 rows to run.", third.Output, StringComparison.Ordinal);
        var byModelId = StoreContents.Read(store, includeLiveLogs: true)
            .GroupBy(r => r.ModelId ?? "(none)")
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(
            "gpt-4o-2024-05-13: 2\ngpt-4o-2024-08-06: 2\ngpt-4o-mini-2024-05-13: 2\ngpt-4o-mini-2024-08-06: 2",
            string.Join('\n', byModelId.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}")));
    }

    // What `progress --matrix` says the next top-up runs, by the test host's holdings rule.
    private int ProgressToRun(string store, string modelsFile)
    {
        var matrixFile = Path.Combine(_directory.Path, "matrix.json");
        File.WriteAllText(matrixFile, """
            { "models": ["sim-small", "offline-model"], "prompt_types": ["optimal"], "difficulties": ["easy"], "task_types": ["data_pipeline"] }
            """);
        var cli = FixtureProjects.CliAssembly;
        var progress = ChildProcess.Run(
            "dotnet",
            [cli, "progress", "--store", store, "--target", "2", "--matrix", matrixFile, "--batch", "RecordingFixture.ModelClientBatch.Ask", "--assembly", "RecordingFixture", "--json"],
            _directory.Path,
            new Dictionary<string, string> { ["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile }).Succeeded();
        return JsonDocument.Parse(progress.StandardOutput).RootElement.GetProperty("cells").EnumerateArray().Sum(c => c.GetProperty("to_run").GetInt32());
    }

    // Both of the batch's models, simulated, asked for dated snapshots as a team pins them.
    private static void WriteModels(string path, string snapshot) => File.WriteAllText(path, $$"""
        {
          "providers": { "sim": { "kind": "simulated", "seed": 3 } },
          "models": {
            "sim-small": { "provider": "sim", "model_id": "gpt-4o-mini-{{snapshot}}" },
            "offline-model": { "provider": "sim", "model_id": "gpt-4o-{{snapshot}}" }
          }
        }
        """);
}
