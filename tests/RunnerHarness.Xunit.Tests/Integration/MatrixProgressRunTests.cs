using System.Text.Json;
using RunnerHarness.Matrix;
using RunnerHarness.Tests;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>
/// <c>runner-harness progress --matrix</c> against a real top-up run (`dotnet test` of the recording fixture) with a models
/// file: the CLI must plan the batch as the test host does, models placed on the models file's providers.
/// </summary>
[Collection(ModelFixtureRuns.Name)]
public sealed class MatrixProgressRunTests : IDisposable
{
    private const string Filter = "FullyQualifiedName~RecordingFixture.ModelClientBatch";
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ProgressMatrix_ModelsFilePlacesModelsOnItsProviders_MissingSamplesAreTheOnesTheTopUpRunExecutes()
    {
        // ModelClientBatch's matrix names no provider; models-unreachable.json puts sim-small on 'sim' and offline-model on
        // 'down', so the records (and their case keys) carry those providers. A first run of one sample per cell holds
        // sim-small #0 only (offline-model fails as an infrastructure failure, which top-up runs again).
        var store = Path.Combine(_directory.Path, "store");
        var modelsFile = Path.Combine(Path.GetDirectoryName(FixtureProjects.Recording)!, "models-unreachable.json");
        var environment = new Dictionary<string, string>
        {
            ["RUNNER_HARNESS_STORE"] = store,
            ["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile,
            ["RUNNER_HARNESS_MODEL_CACHE"] = "off",
            ["FIXTURE_MODEL_KEY"] = "sk-fixture-0c5a8e2b7d194f63a1e4",
        };
        FixtureProjects.TestRecordingAssembly(["--filter", Filter], new Dictionary<string, string>(environment) { ["RUNNER_HARNESS_TARGET_SAMPLES"] = "1" });
        var matrixFile = Path.Combine(_directory.Path, "matrix.json");
        File.WriteAllText(matrixFile, """
            { "models": ["sim-small", "offline-model"], "prompt_types": ["optimal"], "difficulties": ["easy"], "task_types": ["data_pipeline"] }
            """);

        // The CLI takes the models file as the test host does, from RUNNER_HARNESS_MODELS_CONFIG.
        var cli = FixtureProjects.CliAssembly;
        var progress = ChildProcess.Run(
            "dotnet",
            [cli, "progress", "--store", store, "--target", "2", "--matrix", matrixFile, "--batch", "RecordingFixture.ModelClientBatch.Ask", "--assembly", "RecordingFixture", "--json"],
            _directory.Path,
            new Dictionary<string, string> { ["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile }).Succeeded();
        var json = progress.StandardOutput;
        var missing = JsonDocument.Parse(json).RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.GetProperty("to_run").GetInt32() > 0)
            .ToDictionary(c => c.GetProperty("cell_key").GetString()!, c => c.GetProperty("to_run").GetInt32());

        var before = StoreContents.Read(store, includeLiveLogs: true).Select(r => r.RecordId).ToHashSet();
        var topUp = FixtureProjects.TestRecordingAssembly(["--filter", Filter], environment);
        var ran = StoreContents.Read(store, includeLiveLogs: true).Where(r => !before.Contains(r.RecordId))
            .GroupBy(r => CaseKey.CellOf(r.CaseKey!))
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.Contains("[RunnerHarness] plan RecordingFixture.ModelClientBatch.Ask: 3 rows to run.", topUp.Output, StringComparison.Ordinal);
        Assert.Equal(Lines(ran), Lines(missing));
    }

    /// <summary>One line per cell, <c>cell_key: samples</c>, so a failure shows the whole keys.</summary>
    private static string Lines(Dictionary<string, int> cells) =>
        string.Join('\n', cells.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}"));
    }
