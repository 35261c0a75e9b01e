using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Tests;
using Xunit.Abstractions;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>
/// Model batches listed one test per cell, under real `dotnet test`: --list-tests, trait filters, held cells, records
/// equal to a batch listed as one test, the debug run and the one-node switch.
/// </summary>
[Collection(ModelFixtureRuns.Name)]
public sealed class ModelCellTests(ITestOutputHelper output) : IDisposable
{
    private const string Batch = "RecordingFixture.TopUpBatch.Run";
    private const string TopUp = "FullyQualifiedName~RecordingFixture.TopUpBatch";
    private const string Switch = "RUNNER_HARNESS_DISCOVER_CELLS";
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void DotnetTestListTests_ModelBatch_ListsOneTestPerCellAndTheSwitchListsOne()
    {
        var cells = FixtureProjects.TestRecordingAssembly(["--list-tests"]);
        Assert.True(cells.ExitCode == 0, cells.Output);
        string[] expected =
        [
            "model-a | easy | simple_task", "model-a | easy | data_pipeline", "model-a | hard | simple_task", "model-a | hard | data_pipeline",
            "model-b | easy | simple_task", "model-b | easy | data_pipeline", "model-b | hard | simple_task", "model-b | hard | data_pipeline",
        ];
        Assert.Equal(expected.Select(c => $"{Batch}({c})"), ListedTests(cells.Output, Batch));

        var oneNode = FixtureProjects.TestRecordingAssembly(["--list-tests"], new Dictionary<string, string> { [Switch] = "false" });
        Assert.True(oneNode.ExitCode == 0, oneNode.Output);
        Assert.Equal([Batch], ListedTests(oneNode.Output, Batch));
    }

    [Fact]
    public void DotnetTestFilter_ModelAndDifficultyTraits_RunExactlyTheirCellsLikeTheFilterSettingsAndASecondRunRunsNothing()
    {
        var store = Path.Combine(_directory.Path, "store");
        var environment = new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = store };
        var results = Path.Combine(_directory.Path, "results");
        var run = FixtureProjects.TestRecordingAssembly(["--filter", "model=model-b&difficulty=hard", "--logger", "trx", "--results-directory", results], environment);
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains(
            $"[RunnerHarness] plan {Batch}: 6 rows to run. {Batch}: 8 cells x 3 samples = 24 rows; the test filter selected 2 cells (model-b | hard | simple_task; model-b | hard | data_pipeline), 2 of them in this run.",
            run.Output,
            StringComparison.Ordinal);
        var trx = TrxFile.Read(results);
        Assert.Equal(6, trx.Count);
        Assert.All(trx, r => Assert.Equal("passed", r.Outcome));
        Assert.All(trx, r => Assert.StartsWith($"{Batch}(modelCase: model-b | hard | ", r.Name, StringComparison.Ordinal));
        var records = StoreContents.Read(store);
        Assert.Equal(6, records.Count);
        Assert.All(records, r => Assert.Equal(("model-b", "hard"), (r.Model, r.Difficulty)));

        // The same cells selected by the filter settings, with the batch listed as one test: the same samples.
        var settingsStore = Path.Combine(_directory.Path, "settings-store");
        var bySettings = FixtureProjects.TestRecordingAssembly(
            ["--filter", TopUp],
            new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = settingsStore, ["RUNNER_HARNESS_MODELS"] = "model-b", ["RUNNER_HARNESS_DIFFICULTIES"] = "hard", [Switch] = "false" });
        Assert.True(bySettings.ExitCode == 0, bySettings.Output);
        Assert.Equal(CaseKeys(StoreContents.Read(settingsStore)), CaseKeys(records));

        // A second run of the complete cells runs nothing, and says so on each cell.
        var secondResults = Path.Combine(_directory.Path, "second");
        var second = FixtureProjects.TestRecordingAssembly(
            ["--filter", "model=model-b&difficulty=hard", "--logger", "trx", "--results-directory", secondResults, "--logger", "console;verbosity=normal"],
            environment);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains($"[RunnerHarness] plan {Batch}: 0 rows to run.", second.Output, StringComparison.Ordinal);
        Assert.Equal(
            [($"{Batch}(model-b | hard | data_pipeline)", "skipped"), ($"{Batch}(model-b | hard | simple_task)", "skipped")],
            TrxFile.Read(secondResults).OrderBy(r => r.Name, StringComparer.Ordinal));
        Assert.Contains("this cell holds its 3 samples (target 3 per cell); nothing to run.", second.Output, StringComparison.Ordinal);
        Assert.Equal(6, StoreContents.Read(store, includeLiveLogs: true).Count);
    }

    [Fact]
    public void DotnetTest_CellsAndOneNodePerBatch_WriteIdenticalRecordsForTheSamePlan()
    {
        var cellStore = Path.Combine(_directory.Path, "cells");
        var batchStore = Path.Combine(_directory.Path, "batch");
        var cells = FixtureProjects.TestRecordingAssembly(["--filter", TopUp], new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = cellStore });
        var batch = FixtureProjects.TestRecordingAssembly(["--filter", TopUp], new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = batchStore, [Switch] = "false" });
        Assert.True(cells.ExitCode == 0, cells.Output);
        Assert.True(batch.ExitCode == 0, batch.Output);

        var fromCells = Comparable(StoreContents.Read(cellStore));
        Assert.Equal(24, fromCells.Count);
        Assert.Equal(Comparable(StoreContents.Read(batchStore)), fromCells);
    }

    [Fact]
    public void DotnetTest_DebugRunOfAHeldCell_RunsItsSamplesAndRecordsNothing()
    {
        var store = Path.Combine(_directory.Path, "store");
        const string Cell = "model=model-a&difficulty=easy&task_type=simple_task";
        var fill = FixtureProjects.TestRecordingAssembly(["--filter", Cell], new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = store });
        Assert.True(fill.ExitCode == 0, fill.Output);
        var before = StoreContents.Read(store, includeLiveLogs: true);
        Assert.Equal(3, before.Count);

        var results = Path.Combine(_directory.Path, "results");
        var debug = FixtureProjects.TestRecordingAssembly(
            ["--filter", Cell, "--logger", "trx", "--results-directory", results],
            new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = store, ["RUNNER_HARNESS_DEBUG_RUN"] = "true" });

        Assert.True(debug.ExitCode == 0, debug.Output);
        Assert.Contains($"[RunnerHarness] plan {Batch}: 3 rows to run.", debug.Output, StringComparison.Ordinal);
        Assert.Contains("Debug run: all 3 rows run, held or not (3 held), and nothing is recorded.", debug.Output, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Repeat("passed", 3), TrxFile.Read(results).Select(r => r.Outcome));
        Assert.Equal(CaseKeys(before), CaseKeys(StoreContents.Read(store, includeLiveLogs: true)));
        Assert.Equal(3, StoreContents.Read(store, includeLiveLogs: true).Count);
    }

    [Fact]
    public void DotnetTest_SelectedCellLeftOutByAFilterSetting_IsSkippedWithTheSetting()
    {
        var run = FixtureProjects.TestRecordingAssembly(
            ["--filter", "difficulty=hard&task_type=simple_task", "--logger", "console;verbosity=normal"],
            new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = Path.Combine(_directory.Path, "store"), ["RUNNER_HARNESS_MODELS"] = "model-a" });

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("the test filter selected 2 cells (model-a | hard | simple_task; model-b | hard | simple_task), 1 of them in this run; 1 left out by the run's filter settings", run.Output, StringComparison.Ordinal);
        Assert.Contains("the run's filter settings leave this cell out (environment variable RUNNER_HARNESS_MODELS = model-a)", run.Output, StringComparison.Ordinal);
        Assert.Equal(3, StoreContents.Read(Path.Combine(_directory.Path, "store")).Count);
    }

    private static List<string> ListedTests(string listOutput, string batch) =>
        [.. listOutput.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(batch, StringComparison.Ordinal))];

    private static List<string> CaseKeys(IEnumerable<ResultRecord> records) => [.. records.Select(r => r.CaseKey!).Order(StringComparer.Ordinal)];

    // Everything but what differs between any two runs: ids, times and the process.
    private static List<string> Comparable(IEnumerable<ResultRecord> records) =>
    [
        .. records
            .Select(r =>
            {
                var json = JsonSerializer.SerializeToNode(r, RecordJsonContext.Default.ResultRecord)!.AsObject();
                foreach (var column in new[] { RecordColumns.RecordId, RecordColumns.RunId, RecordColumns.StartedAt, RecordColumns.FinishedAt, RecordColumns.DurationMs, RecordColumns.ProcessId })
                {
                    json.Remove(column);
                }

                return json.ToJsonString();
            })
            .Order(StringComparer.Ordinal),
    ];
}
