using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Testing;

/// <summary>The suite's check of the stores its runs produce: no failed model record without an error category.</summary>
public sealed class ProducedStoresTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Store => Path.Combine(_directory.Path, "store");

    [Fact]
    public void Check_FailedModelRecordWithoutCategoryWrittenDuringTheRun_FailsNamingIt()
    {
        var since = DateTime.UtcNow;
        Write(Failed("gpt-4o-mini", category: null, finishedAt: DateTime.UtcNow));

        var error = Assert.Throws<UncategorisedFailureException>(() => ProducedStores.Check(Store, since, "dotnet test tests/Fixtures/RecordingFixture"));

        Assert.Contains("holds 1 failed model record(s) without an error category", error.Message, StringComparison.Ordinal);
        Assert.Contains("WorkflowBench.Tests.ToolUseTests.Completes_task model 'gpt-4o-mini': The model made no tool call in 3 turns.", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet test tests/Fixtures/RecordingFixture", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CategorisedFailuresAndFailuresOfNoModel_Pass()
    {
        var since = DateTime.UtcNow;
        Write(
            Failed("gpt-4o-mini", ErrorCategory.ToolSelection, DateTime.UtcNow),
            Failed("qwen2.5-7b", ErrorCategory.ProviderError, DateTime.UtcNow),
            Failed(model: null, category: null, DateTime.UtcNow));

        ProducedStores.Check(Store, since, "dotnet test");
    }

    [Fact]
    public void Check_UncategorisedFailureOfAnEarlierRun_IsNotTheRunsOutput()
    {
        Write(Failed("gpt-4o-mini", category: null, finishedAt: new DateTime(2026, 11, 28, 17, 2, 11, DateTimeKind.Utc)));

        ProducedStores.Check(Store, DateTime.UtcNow, "dotnet test");
    }

    [Theory]
    [InlineData(new[] { "run", "samples/WorkflowBench", "--store", "out/store" }, null, "out/store")]
    [InlineData(new[] { "test", "tests/Fixtures/RecordingFixture" }, "stores/fixture", "stores/fixture")]
    [InlineData(new[] { "test", "tests/Fixtures/RecordingFixture" }, null, null)]
    [InlineData(new[] { "report", "--store", "s3://eval-results/study" }, null, null)]
    public void StoreOf_StoreArgumentOrVariable_IsTheStoreTheRunWrites(string[] arguments, string? variable, string? expected)
    {
        var environment = variable is null ? null : new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = variable };

        var store = ProducedStores.StoreOf(arguments, environment, "/work/repo");

        Assert.Equal(expected is null ? null : Path.GetFullPath(expected, "/work/repo"), store);
    }

    private static ResultRecord Failed(string? model, string? category, DateTime finishedAt) => new ResultRecordBuilder
    {
        RunId = "run-20261206-1002",
        CaseKey = $"WorkflowBench.Tests.ToolUseTests.Completes_task|{model}|optimal|easy|simple_task|0",
        Assembly = "WorkflowBench.Tests",
        TestClass = "WorkflowBench.Tests.ToolUseTests",
        TestMethod = "Completes_task",
        DisplayName = $"WorkflowBench.Tests.ToolUseTests.Completes_task({model})",
        Outcome = TestOutcome.Failed,
        StartedAt = finishedAt.AddSeconds(-3),
        FinishedAt = finishedAt,
        DurationMs = 3000,
        Model = model,
        PromptType = "optimal",
        Difficulty = "easy",
        TaskType = "simple_task",
        SampleIndex = 0,
        ErrorCategory = category,
        ErrorMessage = "The model made no tool call in 3 turns.",
    }.Build();

    private void Write(params ResultRecord[] records)
    {
        using var writer = RecordWriter.Open(new StoreLayout(Store), SampleHoldings.Rule, StorageFormat.Json, "run-20261206-1002");
        foreach (var record in records)
        {
            writer.Append(record);
        }

        writer.Complete();
    }
}
