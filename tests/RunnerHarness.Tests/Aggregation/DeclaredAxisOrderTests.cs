using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using static RunnerHarness.Tests.Aggregation.RecordFactory;

namespace RunnerHarness.Tests.Aggregation;

/// <summary>
/// The order of an axis's values and the default grouping come from the axes' declarations (<c>ValueOrder</c>,
/// <c>DefaultGroupingPosition</c>, numeric from the property type), not from lists in the consumers: an axis declaring
/// other facts gets another order, and the declared facts give today's report order.
/// </summary>
public sealed class DeclaredAxisOrderTests
{
    [Fact]
    public void Comparer_OfAnAxisDeclaringAnotherOrder_SortsInThatOrderWithUndeclaredValuesLast()
    {
        var hardestFirst = TextAxis(RecordColumns.Difficulty, valueOrder: "very_hard,hard,medium,easy,very_easy");
        string[] values = ["easy", "extreme", "very_hard", "medium", "very_easy", "hard"];

        string[] sorted = [.. values.Order(new DimensionValueComparer(hardestFirst))];

        Assert.Equal(["very_hard", "hard", "medium", "easy", "very_easy", "extreme"], sorted);
    }

    [Fact]
    public void Comparer_OfDifficulty_FollowsItsDeclaredValueOrder()
    {
        string?[] values = ["extreme", "very_hard", "easy", "very_easy", "hard", "medium", null];

        string?[] sorted = [.. values.Order(new DimensionValueComparer(RecordColumns.Difficulty))];
        string?[] declaredThenOthers = [.. RecordAxes.Difficulty.ValueOrder, "extreme", null];

        Assert.Equal(["very_easy", "easy", "medium", "hard", "very_hard"], RecordAxes.Difficulty.ValueOrder);
        Assert.Equal(declaredThenOthers, sorted);
    }

    [Fact]
    public void Comparer_OfATextAxisWithoutOrder_SortsOrdinally_AndOfANumberAxis_ByValue()
    {
        string[] modelValues = ["gpt-5-mini", "claude-sonnet-4", "Qwen3-32B"];
        string[] rateValues = ["0.8", "1", "0.25", "0.5"];
        string[] sampleValues = ["10", "9", "2"];

        string[] models = [.. modelValues.Order(new DimensionValueComparer(RecordColumns.Model))];
        string[] rates = [.. rateValues.Order(new DimensionValueComparer(RecordColumns.ToolSuccessRate))];
        string[] samples = [.. sampleValues.Order(new DimensionValueComparer(RecordColumns.SampleIndex))];

        Assert.Equal(["Qwen3-32B", "claude-sonnet-4", "gpt-5-mini"], models);
        Assert.Equal(["0.25", "0.5", "0.8", "1"], rates);
        Assert.Equal(["2", "9", "10"], samples);
        Assert.True(RecordAxes.ToolSuccessRate.IsNumeric);
        Assert.False(RecordAxes.Model.IsNumeric);
    }

    [Fact]
    public void Grouping_OfAxesDeclaringOtherPositions_FollowsThePositions()
    {
        RecordAxis[] axes =
        [
            TextAxis(RecordColumns.Model, defaultGroupingPosition: 2),
            TextAxis(RecordColumns.Provider),
            TextAxis(RecordColumns.Difficulty, defaultGroupingPosition: 1),
            TextAxis(RecordColumns.TaskType, defaultGroupingPosition: 3),
        ];

        Assert.Equal([RecordColumns.Difficulty, RecordColumns.Model, RecordColumns.TaskType], CumulativeGrouping.Of(axes));
    }

    [Fact]
    public void DefaultGrouping_IsTheDeclaredPositions_ModelPromptRateDifficultyTask()
    {
        Assert.Equal(
            [RecordColumns.Model, RecordColumns.PromptType, RecordColumns.ToolSuccessRate, RecordColumns.Difficulty, RecordColumns.TaskType],
            CumulativeGrouping.Default);
        Assert.Equal(CumulativeGrouping.Of(RecordAxes.All), CumulativeGrouping.Default);
        Assert.Equal(4, RecordAxes.Difficulty.DefaultGroupingPosition);
        Assert.Equal(0, RecordAxes.Provider.DefaultGroupingPosition);
    }

    [Fact]
    public void View_ByModelAndDifficulty_ListsDifficultiesInTheDeclaredOrder()
    {
        string[] difficulties = ["very_hard", "easy", "hard", "very_easy", "medium"];
        var records = difficulties.Select(d => Make(TestOutcome.Passed, SuccessLevel.FullSuccess, model: "gpt-5-mini", difficulty: d));

        var view = new CumulativeAggregator([RecordColumns.Model, RecordColumns.Difficulty]).AddRange(records).Build();

        Assert.Equal(RecordAxes.Difficulty.ValueOrder, view.GroupsAt(2).Select(g => g.Key[1]));
    }

    // A text axis of the record's column as a declaration with these facts would give it.
    private static TypedRecordAxis<string?> TextAxis(string column, string? valueOrder = null, int defaultGroupingPosition = 0) =>
        new(
            column,
            column + " values",
            RecordAxisKind.Matrix,
            r => r.Model,
            (b, v) => b.Model = v,
            v => v,
            v => v,
            t => t,
            o => (o is string, o as string),
            valueOrder,
            defaultGroupingPosition);
}
