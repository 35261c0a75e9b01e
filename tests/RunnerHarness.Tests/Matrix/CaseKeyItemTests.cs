using RunnerHarness.Matrix;
using RunnerHarness.Schema;

namespace RunnerHarness.Tests.Matrix;

public class CaseKeyItemTests
{
    private static ResultRecord Answer(string model, string provider, string item, int sample) => new()
    {
        RecordId = Guid.CreateVersion7().ToString(),
        RunId = "run-2026-11-30",
        Assembly = "WorkflowBench.Tests",
        TestClass = "WorkflowBench.Batches.DatasetBatch",
        TestMethod = "Run",
        Outcome = TestOutcome.Passed,
        Model = model,
        Provider = provider,
        PromptType = "optimal",
        Difficulty = "hard",
        SampleIndex = sample,
        Dimensions = new Dictionary<string, string>(StringComparer.Ordinal) { ["item"] = item },
    };

    [Fact]
    public void ItemOf_ModelsCompared_SameItemOfTwoModelsAndSamplesIsOneKey()
    {
        HashSet<string> axes = [RecordColumns.Model, RecordColumns.Provider];

        var a = CaseKey.ItemOf(Answer("gpt-4o-mini", "openai", "q0007", 0), axes);
        var b = CaseKey.ItemOf(Answer("claude-sonnet-4-5", "anthropic", "q0007", 3), axes);
        var other = CaseKey.ItemOf(Answer("claude-sonnet-4-5", "anthropic", "q0008", 0), axes);

        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
        Assert.Equal("WorkflowBench.Tests#WorkflowBench.Batches.DatasetBatch.Run|prompt_type=optimal|difficulty=hard|item=q0007", a);
    }

    [Fact]
    public void ItemOf_NothingCompared_KeepsTheModelSoModelsNeverPair()
    {
        HashSet<string> none = [];

        Assert.NotEqual(
            CaseKey.ItemOf(Answer("gpt-4o-mini", "openai", "q0007", 0), none),
            CaseKey.ItemOf(Answer("claude-sonnet-4-5", "anthropic", "q0007", 0), none));
    }
}
