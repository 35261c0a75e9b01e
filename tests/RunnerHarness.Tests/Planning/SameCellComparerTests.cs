using RunnerHarness.Matrix;
using RunnerHarness.Planning;

namespace RunnerHarness.Tests.Planning;

/// <summary>
/// Planning builds one cell key per cell through <see cref="SameCellComparer"/> (issue 25): samples it calls the same
/// cell must have the same cell key, or a plan would match held samples against another cell's.
/// </summary>
public sealed class SameCellComparerTests
{
    /// <summary>A sample of a realistic cell, with custom axes.</summary>
    internal static readonly MatrixSample Sample = new()
    {
        Model = "gpt-4o-mini",
        Provider = "openai",
        PromptType = "flawed_tool_misuse",
        FlawType = "tool_misuse",
        Difficulty = "hard",
        TaskType = "multi_stage_pipeline",
        ToolSuccessRate = 0.8,
        SampleIndex = 3,
        Dimensions = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["locale"] = "de-DE", ["temperature"] = "0.7" },
    };

    [Fact]
    public void Equals_SameCellOtherSample_IsTheSameCellWithTheSameHashAndCellKey()
    {
        var other = Sample with { SampleIndex = 41, Dimensions = new Dictionary<string, string>(StringComparer.Ordinal) { ["temperature"] = "0.7", ["locale"] = "de-DE" } };

        Assert.True(SameCellComparer.Instance.Equals(Sample, other));
        Assert.Equal(SameCellComparer.Instance.GetHashCode(Sample), SameCellComparer.Instance.GetHashCode(other));
        Assert.Equal(CaseKey.ForCell("WorkflowBench", "WorkflowBench.ToolUseBatch", "Run", Sample), CaseKey.ForCell("WorkflowBench", "WorkflowBench.ToolUseBatch", "Run", other));
    }

    [Theory]
    [InlineData("model")]
    [InlineData("rate")]
    [InlineData("dimension value")]
    [InlineData("dimension missing")]
    public void Equals_AnotherCell_IsNotTheSameCell(string difference)
    {
        var other = difference switch
        {
            "model" => Sample with { Model = "gpt-5-mini" },
            "rate" => Sample with { ToolSuccessRate = 0.9 },
            "dimension value" => Sample with { Dimensions = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["locale"] = "fr-FR", ["temperature"] = "0.7" } },
            _ => Sample with { Dimensions = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["locale"] = "de-DE" } },
        };

        Assert.False(SameCellComparer.Instance.Equals(Sample, other));
        Assert.NotEqual(CaseKey.ForCell("WorkflowBench", "WorkflowBench.ToolUseBatch", "Run", Sample), CaseKey.ForCell("WorkflowBench", "WorkflowBench.ToolUseBatch", "Run", other));
    }
}
