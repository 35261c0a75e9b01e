using System.Globalization;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Packaging.Tests;

/// <summary>
/// One <c>[ModelMatrix]</c> batch (<see cref="GenerationConsumers.BatchSource"/>) run from the packed packages under xUnit v2,
/// xUnit v3 under VSTest and xUnit v3 under Microsoft.Testing.Platform: the same cells, case keys, records and model usage,
/// top-up, and test filters on the cells' traits. The claims about what the test host records run the built tests
/// (<see cref="GenerationConsumers.RunTests"/>: `dotnet test` of the assembly under VSTest, the test application itself under
/// MTP); the claims about `dotnet test` of the project (its filter, its test list) run that.
/// </summary>
[Collection(GenerationPackages.Name)]
public sealed class GenerationMatrixTests(GenerationConsumers consumers, SharedRuns shared) : IClassFixture<SharedRuns>
{
    private const int BatchRows = 8;
    private static readonly string[] BatchModels = ["sim-small", "sim-large"];
    private static readonly string[] BatchDifficulties = ["easy", "hard"];

    [Fact]
    public void ModelMatrix_SameBatchUnderV2AndV3_WritesTheSameCaseKeysAndRecordsAndASecondRunOfEitherTopsUpNothing()
    {
        string[] batch = ["--filter", $"FullyQualifiedName~{GenerationConsumers.BatchClass}"];
        var firstRuns = new List<List<string>>();
        foreach (var (name, project) in Projects())
        {
            var store = Store($"matrix-{name}");
            var first = Run(project, batch, store);
            Assert.True(first.ExitCode == 0, first.Output);
            var records = Records(store);
            Assert.Equal(BatchRows + 1, records.Count);
            firstRuns.Add(Facts(records));
        }

        // v2's records first: v3 under each runner wrote the same case keys, models, outcomes, scores and model usage.
        Assert.Contains(firstRuns[0], f => f.StartsWith("EvalBatch#EvalBatch.SummaryBatch.Summarise|model=sim-large|difficulty=hard|#1 | ", StringComparison.Ordinal));
        Assert.Equal(firstRuns[0], firstRuns[1]);
        Assert.Equal(firstRuns[0], firstRuns[2]);

        // Each project's second run, on a store another generation filled with those same records: it runs no sample again.
        // The keys are the same, so a study v2 filled is complete for v3 under either runner (moving a project to v3 runs
        // nothing again), and one v3 filled is complete for v2.
        (string Project, string FilledBy)[] secondRuns = [(consumers.V3VSTest, "v2"), (consumers.V3Mtp, "v2"), (consumers.V2, "v3-mtp")];
        foreach (var (project, filledBy) in secondRuns)
        {
            var store = Store($"matrix-{filledBy}");
            var second = Run(project, batch, store);
            Assert.True(second.ExitCode == 0, second.Output);
            var rows = Records(store).Where(r => r.TestMethod == "Summarise").ToList();
            Assert.True(rows.Count == BatchRows, $"{Path.GetFileName(project)} on the store {filledBy} filled ran {rows.Count - BatchRows} rows again:\n{second.Output}");
            Assert.Equal(BatchRows, rows.Select(r => r.CaseKey).Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public void DotnetTestFilter_ModelTrait_RunsThatModelsCellsUnderV2AndV3()
    {
        // xUnit v3 under MTP takes the VSTest filter syntax (--filter) as well as its own trait filter (--filter-trait).
        (string Name, string Project, string[] Filter)[] runs =
        [
            ("v2", consumers.V2, ["--filter", "model=sim-large"]),
            ("v3-vstest", consumers.V3VSTest, ["--filter", "model=sim-large"]),
            ("v3-mtp", consumers.V3Mtp, ["--filter", "model=sim-large"]),
            ("v3-mtp-filter-trait", consumers.V3Mtp, ["--filter-trait", "model=sim-large"]),
        ];
        var byProject = new List<List<string>>();
        foreach (var (name, project, filter) in runs)
        {
            var store = Store($"filter-{name}");
            var run = GenerationConsumers.Test(project, filter, StoreVariable(store));

            Assert.True(run.ExitCode == 0, run.Output);
            var records = Records(store);
            Assert.Equal(4, records.Count);
            Assert.All(records, r => Assert.Equal(("Summarise", "sim-large"), (r.TestMethod, r.Model)));
            byProject.Add([.. records.Select(r => r.CaseKey!).Order(StringComparer.Ordinal)]);
        }

        Assert.All(byProject, keys => Assert.Equal(byProject[0], keys));
    }

    [Fact]
    public void ModelClients_RowCallsAModelTheModelsFileLacks_V3RecordsAHarnessErrorAndLeavesTheSampleToTopUpAsV2Does()
    {
        var byProject = new List<List<string>>();
        foreach (var (name, project) in Projects())
        {
            var (run, records) = ReviewerMissingRun(name, project);

            // ModelClients.Get throws for the reviewer, outside any model call: the harness's failure, not the model's.
            Assert.True(run.ExitCode != 0, run.Output);
            var rows = records.Where(r => r.TestMethod == "Summarise").ToList();
            Assert.Equal(BatchRows, rows.Count);
            Assert.All(rows, r => Assert.Equal((TestOutcome.Failed, ErrorCategory.HarnessError), (r.Outcome, r.ErrorCategory)));
            Assert.All(rows, r => Assert.Contains("gpt-4o-reviewer", r.ErrorMessage, StringComparison.Ordinal));
            byProject.Add([.. rows.Select(r => $"{r.CaseKey} | {r.Outcome} | {r.ErrorCategory} | {r.Model}").Order(StringComparer.Ordinal)]);
        }

        Assert.Equal(byProject[0], byProject[1]);
        Assert.Equal(byProject[0], byProject[2]);
    }

    [Fact]
    public void ModelClients_PlainFactCallsAModelTheModelsFileLacks_V3RecordsAHarnessErrorAsV2Does()
    {
        var byProject = new List<string>();
        foreach (var (name, project) in Projects())
        {
            var (run, records) = ReviewerMissingRun(name, project);

            // The plain fact's ModelClients.Get throws for the reviewer, outside any model call: the harness's failure.
            Assert.True(run.ExitCode != 0, run.Output);
            var record = Assert.Single(records, r => r.TestMethod == "Greets");
            Assert.Equal((TestOutcome.Failed, ErrorCategory.HarnessError), (record.Outcome, record.ErrorCategory));
            Assert.Contains("gpt-4o-reviewer", record.ErrorMessage, StringComparison.Ordinal);
            byProject.Add($"{record.Outcome} | {record.ErrorCategory} | {record.Model} | {record.InputTokens}");
        }

        Assert.Equal(byProject[0], byProject[1]);
        Assert.Equal(byProject[0], byProject[2]);
    }

    [Fact]
    public void RunBudget_StopsTheBatchPartway_EveryRunnerLeavesEveryCellEvenlyFilled()
    {
        // Priced simulated models, one row at a time: the budget stops the batch after a few rows, the first to take their
        // slots. The rows take their slots in plan order, sample 0 of every cell first: under v3, whose cells run at once,
        // and under v2, whose rows start on xUnit's synchronization context, whose threads take them in no fixed order.
        var modelsFile = Path.Combine(consumers.Folder, "models-sim-priced.json");
        File.WriteAllText(modelsFile, """
            {
              "providers": { "sim": { "kind": "simulated", "seed": 3 } },
              "models": {
                "sim-small": { "provider": "sim", "prices": { "input_per_million": 1000, "output_per_million": 1000 } },
                "sim-large": { "provider": "sim", "prices": { "input_per_million": 1000, "output_per_million": 1000 } }
              }
            }
            """);
        var byRunner = new List<string>();
        // Each runner lists the batch as its cells and, with the switch off, as one test: both run the rows.
        foreach (var (name, project, discoverCells) in Projects().SelectMany(p => new[] { (p.Name, p.Project, "true"), ($"{p.Name}-one-test", p.Project, "false") }))
        {
            var store = Store($"budget-{name}");
            var environment = new Dictionary<string, string>
            {
                ["RUNNER_HARNESS_DISCOVER_CELLS"] = discoverCells,
                ["RUNNER_HARNESS_STORE"] = store,
                ["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile,
                ["RUNNER_HARNESS_MODEL_CACHE_DIR"] = Path.Combine(consumers.Folder, "caches", $"budget-{name}"),
                ["RUNNER_HARNESS_MAX_PARALLEL_ROWS"] = "1",
                ["RUNNER_HARNESS_MAX_COST"] = "0.3",
            };

            var run = consumers.RunTests(project, ["--filter", $"FullyQualifiedName~{GenerationConsumers.BatchClass}.Summarise"], environment);

            Assert.True(run.ExitCode == 0, run.Output);
            var records = Records(store);
            var keys = string.Join(", ", records.Select(r => r.CaseKey).Order(StringComparer.Ordinal));
            Assert.True(records.Count is > 1 and < BatchRows, $"{name}: the budget should stop the batch partway; it ran {records.Count} rows: {keys}");

            // Sample 0 of every cell before sample 1 of any: no cell has two samples while another has none.
            var perCell = GenerationConsumers.BatchCells
                .Select(cell => records.Count(r => cell.EndsWith($"({r.Model} | {r.Difficulty})", StringComparison.Ordinal)))
                .ToList();
            Assert.True(perCell.Max() - perCell.Min() <= 1, $"{name}: records per cell {string.Join("/", perCell)}: {keys}");
            Assert.All(records.Where(r => r.SampleIndex == 1), r => Assert.Equal(4, records.Count(s => s.SampleIndex == 0)));
            byRunner.Add(keys);
        }

        // The order is the plan's, so every runner stops at the same rows, whether it lists cells or one test.
        Assert.All(byRunner, keys => Assert.Equal(byRunner[0], keys));
    }

    [Fact]
    public void Shards_V3UnderMtp_TwoShardsRunEveryRowOnceUnderItsPlannedKey()
    {
        var store = Store("shards-v3-mtp");
        var shardRows = new List<int>();
        foreach (var shard in new[] { "0/2", "1/2" })
        {
            var run = consumers.RunTests(
                consumers.V3Mtp,
                ["--filter", $"FullyQualifiedName~{GenerationConsumers.BatchClass}"],
                new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = store, ["RUNNER_HARNESS_SHARD"] = shard });
            Assert.True(run.ExitCode == 0, run.Output);
            shardRows.Add(Records(store).Count(r => r.TestMethod == "Summarise") - shardRows.Sum());
        }

        // The rows are dealt by case key (4 and 4); the plain fact runs in one shard only.
        Assert.Equal([4, 4], shardRows);
        string[] expected =
        [
            .. from model in BatchModels
               from difficulty in BatchDifficulties
               from sample in Enumerable.Range(0, 2)
               select $"EvalBatch#{GenerationConsumers.BatchClass}.Summarise|model={model}|difficulty={difficulty}|#{sample}",
        ];
        var records = Records(store);
        Assert.Equal(expected.Order(StringComparer.Ordinal), records.Where(r => r.TestMethod == "Summarise").Select(r => r.CaseKey!).Order(StringComparer.Ordinal));
        Assert.Single(records, r => r.TestMethod == "Greets");
    }

    [Fact]
    public void DiscoverCellsSwitchOff_V3_ListsTheBatchAsOneTestThatRunsEveryRowAndThenNothing()
    {
        var switchOff = new Dictionary<string, string> { ["RUNNER_HARNESS_DISCOVER_CELLS"] = "false" };
        foreach (var project in new[] { consumers.V3VSTest, consumers.V3Mtp })
        {
            var list = consumers.RunTests(project, ["--list-tests"], switchOff);
            Assert.True(list.ExitCode == 0, list.Output);
            Assert.Equal(
                [$"{GenerationConsumers.BatchClass}.Summarise"],
                list.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith($"{GenerationConsumers.BatchClass}.Summarise", StringComparison.Ordinal)));
        }

        var store = Store("one-node-v3-mtp");
        var environment = new Dictionary<string, string>(switchOff) { ["RUNNER_HARNESS_STORE"] = store };
        for (var run = 0; run < 2; run++)
        {
            var result = consumers.RunTests(consumers.V3Mtp, ["--filter", $"FullyQualifiedName~{GenerationConsumers.BatchClass}.Summarise"], environment);
            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Equal(BatchRows, Records(store).Select(r => r.CaseKey).Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(BatchRows, Records(store).Count);
        }
    }

    [Fact]
    public void DotnetTestListTests_ModelBatch_ListsOneNodePerCellUnderV3AsUnderV2()
    {
        foreach (var (_, project) in Projects())
        {
            var list = GenerationConsumers.Test(project, ["--list-tests"]);

            Assert.True(list.ExitCode == 0, list.Output);
            var listed = list.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith($"{GenerationConsumers.BatchClass}.Summarise", StringComparison.Ordinal)).ToList();
            Assert.Equal(GenerationConsumers.BatchCells.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void ModelClients_ProviderDown_V3RecordsTheProviderErrorAndTheNextRunRunsThoseSamplesAgainAsV2Does()
    {
        // sim-large's provider is a port on 127.0.0.1 nobody listens on: its calls fail at once, after one retry.
        var modelsFile = Path.Combine(consumers.Folder, "models-sim-large-down.json");
        File.WriteAllText(modelsFile, """
            {
              "providers": {
                "sim": { "kind": "simulated", "seed": 3 },
                "down": { "kind": "openai-compatible", "endpoint": "http://127.0.0.1:9/v1", "api_key_env": "EVAL_BATCH_KEY",
                          "max_retries": 1, "initial_backoff_ms": 10, "request_timeout_seconds": 10 }
              },
              "models": { "sim-small": { "provider": "sim" }, "sim-large": { "provider": "down" } }
            }
            """);
        var byProject = new List<List<string>>();
        foreach (var (name, project) in Projects())
        {
            var store = Store($"provider-down-{name}");
            var environment = new Dictionary<string, string>
            {
                ["RUNNER_HARNESS_STORE"] = store,
                ["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile,
                ["RUNNER_HARNESS_MODEL_CACHE_DIR"] = Path.Combine(consumers.Folder, "caches", name),
                ["EVAL_BATCH_KEY"] = "sk-local-test-key",
            };
            string[] filter = ["--filter", $"FullyQualifiedName~{GenerationConsumers.BatchClass}"];

            var first = consumers.RunTests(project, filter, environment);

            // A row whose provider failed fails, though the test body never saw an exception it did not expect.
            Assert.True(first.ExitCode != 0, first.Output);
            var records = Records(store);
            Assert.Equal(BatchRows + 1, records.Count);
            var down = records.Where(r => r.Model == "sim-large").ToList();
            Assert.Equal(4, down.Count);
            Assert.All(down, r => Assert.Equal((TestOutcome.Failed, ErrorCategory.ProviderError, "down"), (r.Outcome, r.ErrorCategory, r.Provider)));
            Assert.All(records.Where(r => r.Model == "sim-small"), r => Assert.True(r.Outcome == TestOutcome.Passed && r.InputTokens > 0, r.DisplayName));

            // Infrastructure failures do not hold their samples: the next run runs exactly those again.
            consumers.RunTests(project, filter, environment);
            var rerun = Records(store).Where(r => r.TestMethod == "Summarise").GroupBy(r => r.CaseKey).ToDictionary(g => g.Key!, g => g.Count());
            Assert.Equal(BatchRows, rerun.Count);
            Assert.All(rerun, r => Assert.Equal(r.Key.Contains("model=sim-large", StringComparison.Ordinal) ? 2 : 1, r.Value));
            byProject.Add([.. records.Select(r => $"{r.CaseKey} | {r.Outcome} | {r.ErrorCategory} | {r.Provider}").Order(StringComparer.Ordinal)]);
        }

        Assert.Equal(byProject[0], byProject[1]);
        Assert.Equal(byProject[0], byProject[2]);
    }

    private IEnumerable<(string Name, string Project)> Projects() => [("v2", consumers.V2), ("v3-vstest", consumers.V3VSTest), ("v3-mtp", consumers.V3Mtp)];

    private string Store(string name) => Path.Combine(consumers.Folder, "stores", name);

    private ProcessResult Run(string project, IEnumerable<string> arguments, string store) => consumers.RunTests(project, arguments, StoreVariable(store));

    private static Dictionary<string, string> StoreVariable(string store) => new() { ["RUNNER_HARNESS_STORE"] = store };

    /// <summary>
    /// One run of <paramref name="project"/> that both ModelClients facts read: the batch's class, rows and plain fact, with a
    /// models file that lacks the reviewer both call.
    /// </summary>
    private (ProcessResult Run, List<ResultRecord> Records) ReviewerMissingRun(string name, string project)
    {
        var store = Store($"reviewer-missing-{name}");
        var run = shared.Of($"reviewer-missing-{name}", () =>
        {
            var modelsFile = Path.Combine(consumers.Folder, "models-simulated.json");
            File.WriteAllText(modelsFile, """
                {
                  "providers": { "sim": { "kind": "simulated", "seed": 3 } },
                  "models": { "sim-small": { "provider": "sim" }, "sim-large": { "provider": "sim" } }
                }
                """);
            var environment = new Dictionary<string, string>
            {
                ["RUNNER_HARNESS_STORE"] = store,
                ["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile,
                ["RUNNER_HARNESS_MODEL_CACHE_DIR"] = Path.Combine(consumers.Folder, "caches", $"reviewer-missing-{name}"),
                ["EVAL_BATCH_REVIEWER"] = "gpt-4o-reviewer",
            };
            return consumers.RunTests(project, ["--filter", $"FullyQualifiedName~{GenerationConsumers.BatchClass}"], environment);
        });
        return (run, Records(store));
    }

    private static List<ResultRecord> Records(string store) => [.. new StoreReader(new StoreLayout(store)).Read()];

    // What must not depend on the generation or runner; latencies and times do.
    private static List<string> Facts(List<ResultRecord> records) =>
        [.. records
            .Select(r => string.Join(
                " | ",
                r.CaseKey,
                r.TestClass,
                r.TestMethod,
                r.Outcome,
                r.Model,
                r.Provider,
                r.Difficulty,
                r.SampleIndex?.ToString(CultureInfo.InvariantCulture),
                r.QualityScore?.ToString(CultureInfo.InvariantCulture),
                r.InputTokens?.ToString(CultureInfo.InvariantCulture),
                r.OutputTokens?.ToString(CultureInfo.InvariantCulture),
                r.Metrics?.GetValueOrDefault("model_calls").ToString(CultureInfo.InvariantCulture),
                r.Traits is null ? "" : string.Join(";", r.Traits.Select(t => $"{t.Key}={t.Value}"))))
            .Order(StringComparer.Ordinal)];
}
