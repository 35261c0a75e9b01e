using RunnerHarness.Schema;
using RunnerHarness.Tests;

namespace RunnerHarness.Xunit.Tests.Integration;

[Collection(FixtureRuns.Name)]
public sealed class RecordingTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("json")]
    [InlineData("parquet")]
    public void DotnetTest_FactsAndTheories_OneRecordPerTrxResultWithArgumentsAndContext(string format)
    {
        var store = Path.Combine(_directory.Path, "store");
        var results = Path.Combine(_directory.Path, "results");
        var run = FixtureProjects.TestRecordingAssembly(
            ["--filter", "FullyQualifiedName~FactTests|FullyQualifiedName~TheoryTests", "--logger", "trx", "--results-directory", results],
            new Dictionary<string, string> { ["STORAGE_FORMAT"] = format, ["RUNNER_HARNESS_STORE"] = store });

        var trx = TrxFile.Read(results);
        var records = StoreContents.Read(store);
        Assert.True(records.Count > 0, run.Output);

        // Exactly one record per reported result, with the outcome the runner reported.
        Assert.Equal(
            trx.Select(r => $"{r.Name} {r.Outcome}").Order(StringComparer.Ordinal),
            records.Select(r => $"{r.DisplayName} {RecordValues.ToWire(r.Outcome)}").Order(StringComparer.Ordinal));
        Assert.Equal(16, records.Count);
        Assert.Equal([StoreContents.ExtensionOf(format)], StoreContents.DataExtensions(store));
        Assert.Contains($"format {format} (from environment variable STORAGE_FORMAT)", run.Output, StringComparison.Ordinal);
        Assert.Contains($"wrote 16 records for 16 results of RecordingFixture to {store}", run.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, run.ExitCode);

        var passes = Single(records, "Passes");
        Assert.Equal(TestOutcome.Passed, passes.Outcome);
        Assert.Equal(SuccessLevel.FullSuccess, passes.SuccessLevel);
        Assert.Equal((3, 2, 0.75, 105L, 21L), (passes.Turns, passes.ToolCalls, passes.FinalScore, passes.InputTokens, passes.OutputTokens));
        Assert.Equal(12.5, passes.Metrics!["latency_ms"]);
        Assert.Equal("0.2", passes.Dimensions!["temperature"]);
        Assert.Equal("facts", passes.Traits!["area"]);
        Assert.Equal("RecordingFixture#RecordingFixture.FactTests.Passes", passes.CaseKey);
        Assert.True(passes.StartedAt <= passes.FinishedAt);

        var failed = Single(records, "FailsWithContext");
        Assert.Equal((TestOutcome.Failed, SuccessLevel.Failure, ErrorCategory.ToolSelection, "picked the wrong tool"), (failed.Outcome, failed.SuccessLevel, failed.ErrorCategory, failed.ErrorMessage));
        Assert.Equal("Xunit.Sdk.FailException", failed.ExceptionType);

        var thrown = Single(records, "Throws");
        Assert.Equal("System.InvalidOperationException", thrown.ExceptionType);
        Assert.Contains("bad state", thrown.ErrorMessage, StringComparison.Ordinal);

        Assert.Equal(TestOutcome.Skipped, Single(records, "Skipped").Outcome);
        Assert.Equal("hello from the test\n", Single(records, "WritesOutput").Output?.ReplaceLineEndings("\n"));
        Assert.Equal((7, SuccessLevel.PartialSuccess), (Single(records, "AsyncPasses").Turns, Single(records, "AsyncPasses").SuccessLevel));

        // Pre-enumerated rows: columns by parameter name (camelCase and snake_case), other parameters as dimensions.
        var inline = records.Where(r => r.TestMethod == "InlineRows").ToList();
        Assert.Equal(4, inline.Count);
        var broken = inline.Single(r => r.Model == "broken-model");
        Assert.Equal((TestOutcome.Failed, "optimal", 0, "3.5"), (broken.Outcome, broken.PromptType, broken.SampleIndex, broken.Dimensions!["temperature"]));
        var skippedRow = inline.Single(r => r.PromptType == "skipped");
        Assert.Equal((TestOutcome.Skipped, "gpt-4o", 2), (skippedRow.Outcome, skippedRow.Model, skippedRow.SampleIndex));
        Assert.Equal(2.5 + 1 + "optimal".Length, inline.Single(r => r.SampleIndex == 1).Metrics!["echo"]);
        Assert.Equal(4, inline.Select(r => r.CaseKey).Distinct().Count());

        // A ModelCase parameter fills the columns from its properties.
        var caseRows = records.Where(r => r.TestMethod == "CaseRows").OrderBy(r => r.SampleIndex).ToList();
        Assert.Equal([0, 1], caseRows.Select(r => r.SampleIndex!.Value));
        Assert.All(caseRows, r => Assert.Equal(("gpt-4o", "optimal", "easy", "simple_task", 0.8), (r.Model, r.PromptType, r.Difficulty, r.TaskType, r.ToolSuccessRate!.Value)));
        Assert.Equal(
            "RecordingFixture#RecordingFixture.TheoryTests.CaseRows|model=gpt-4o|prompt_type=optimal|difficulty=easy|task_type=simple_task|tool_success_rate=0.8|#1",
            caseRows[1].CaseKey);

        // The recorder's key is the one top-up computes for the same sample, so a held sample is not run again.
        var sample = new RunnerHarness.Matrix.MatrixSample { Model = "gpt-4o", PromptType = "optimal", Difficulty = "easy", TaskType = "simple_task", ToolSuccessRate = 0.8, SampleIndex = 1 };
        Assert.Equal(RunnerHarness.Matrix.CaseKey.For("RecordingFixture", "RecordingFixture.TheoryTests", "CaseRows", sample), caseRows[1].CaseKey);

        // Rows enumerated at run time (DisableDiscoveryEnumeration, non-serializable data) keep their arguments too.
        var runtime = records.Where(r => r.TestMethod == "RuntimeCaseRows").OrderBy(r => r.SampleIndex).ToList();
        Assert.Equal([(0, 10), (1, 11)], runtime.Select(r => (r.SampleIndex!.Value, r.Turns!.Value)));
        Assert.All(runtime, r => Assert.Equal(("claude", "flawed", "hard", "multi_stage_pipeline", "tool_misuse"), (r.Model, r.PromptType, r.Difficulty, r.TaskType, r.FlawType)));
        var workloads = records.Where(r => r.TestMethod == "WorkloadRows").OrderBy(r => r.ToolSuccessRate).ToList();
        Assert.Equal([("workload:broken", 0.5, TestOutcome.Failed), ("workload:search", 0.9, TestOutcome.Passed)], workloads.Select(r => (r.Dimensions!["workload"], r.ToolSuccessRate!.Value, r.Outcome)));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("parquet")]
    public void DotnetTest_FourCollectionsOnFourThreads_LosesNothing(string format)
    {
        var store = Path.Combine(_directory.Path, "store");
        var results = Path.Combine(_directory.Path, "results");
        var run = FixtureProjects.TestRecordingAssembly(
            ["--filter", "FullyQualifiedName~ParallelRows", "--logger", "trx", "--results-directory", results, "--", "xUnit.MaxParallelThreads=4", "xUnit.ParallelizeTestCollections=true"],
            new Dictionary<string, string> { ["STORAGE_FORMAT"] = format, ["RUNNER_HARNESS_STORE"] = store });

        var records = StoreContents.Read(store);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(200, TrxFile.Read(results).Count(r => r.Outcome == "passed"));
        Assert.Equal(200, records.Count);
        Assert.Equal(200, records.Select(r => r.CaseKey).Distinct().Count());
        Assert.All(
            records.GroupBy(r => r.Dimensions!["collection"]),
            g => Assert.Equal(Enumerable.Range(0, 50), g.Select(r => r.SampleIndex!.Value).Order()));
        Assert.All(records, r => Assert.Equal(r.SampleIndex, r.Turns));
    }

    [Fact]
    public void DotnetTest_HostCrashes_EveryEarlierResultIsInTheStoreAndTheCrashedTestIsNot()
    {
        var store = Path.Combine(_directory.Path, "store");
        var run = FixtureProjects.TestRecordingAssembly(
            ["--filter", "FullyQualifiedName~CrashTests"],
            new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = store, ["FIXTURE_CRASH"] = "1" });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("crashes the test host on purpose", run.Output, StringComparison.Ordinal);

        // The crashed writer's log is not sealed yet; the next writer of the run or compaction seals it.
        var records = StoreContents.Read(store, includeLiveLogs: true);
        Assert.Equal(["A_First", "B_Second", "C_Third"], records.Select(r => r.TestMethod!).Order(StringComparer.Ordinal));
        Assert.All(records, r => Assert.Equal(TestOutcome.Passed, r.Outcome));
    }

    private static ResultRecord Single(IEnumerable<ResultRecord> records, string method) => records.Single(r => r.TestMethod == method);
}
