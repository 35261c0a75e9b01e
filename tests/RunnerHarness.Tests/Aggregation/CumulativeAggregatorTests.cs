using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using static RunnerHarness.Tests.Aggregation.RecordFactory;

namespace RunnerHarness.Tests.Aggregation;

public class CumulativeAggregatorTests
{
    /// <summary>Seven records of one cell, one of each kind; the expected figures below are worked out by hand.</summary>
    private static ResultRecord[] OneOfEachKind() =>
    [
        Make(TestOutcome.Passed, SuccessLevel.FullSuccess, durationMs: 100, turns: 2, finalScore: 1.0),
        Make(TestOutcome.Passed, SuccessLevel.PartialSuccess, ErrorCategory.SequenceOrder, durationMs: 200, turns: 4, finalScore: 0.5),
        Make(TestOutcome.Failed, null, ErrorCategory.Timeout, durationMs: 300, turns: 6, finalScore: 0.0),
        Make(TestOutcome.Failed),
        Make(TestOutcome.Skipped, durationMs: 999, turns: 99),
        Make(TestOutcome.Failed, null, ErrorCategory.RateLimited, durationMs: 5000, turns: 1),
        Make(TestOutcome.Passed),
    ];

    [Fact]
    public void Build_OneModelNameWithTwoModelIds_ShowsEachSnapshotApartAndKeepsAModelOfOneIdByName()
    {
        // gpt-4o pointed at a new snapshot mid-study; gpt-4o-mini kept its one snapshot; a format 1 record says no model_id.
        ResultRecord Answer(string model, string? modelId, TestOutcome outcome) => new ResultRecordBuilder(Make(outcome, model: model)) { ModelId = modelId }.Build();
        var records = new[]
        {
            Answer("gpt-4o", "gpt-4o-2024-05-13", TestOutcome.Passed),
            Answer("gpt-4o", "gpt-4o-2024-05-13", TestOutcome.Failed),
            Answer("gpt-4o", "gpt-4o-2024-08-06", TestOutcome.Passed),
            Answer("gpt-4o", null, TestOutcome.Passed),
            Answer("gpt-4o-mini", "gpt-4o-mini-2024-07-18", TestOutcome.Passed),
            Answer("gpt-4o-mini", "gpt-4o-mini-2024-07-18", TestOutcome.Failed),
        };

        var view = new CumulativeAggregator(CumulativeGrouping.Default).AddRange(records).Build();

        Assert.Equal(
            "gpt-4o (gpt-4o-2024-05-13): 2\ngpt-4o (gpt-4o-2024-08-06): 1\ngpt-4o-mini: 2\ngpt-4o: 1",
            string.Join('\n', view.GroupsAt(1).Select(g => $"{g.Label(0)}: {g.Statistics.Total}").Order(StringComparer.Ordinal)));
        Assert.Contains(RecordColumns.ModelId, new CumulativeAggregator(CumulativeGrouping.Default).Columns);
    }

    [Fact]
    public void Build_OneOfEachKind_CountsModelResultsApartFromSkippedAndInfrastructure()
    {
        var view = new CumulativeAggregator(CumulativeGrouping.Default).AddRange(OneOfEachKind()).Build();
        var t = view.Totals;

        Assert.Equal(7, t.Records);
        Assert.Equal(5, t.Total); // full: 2 (explicit + passed without level), partial: 1, failed: 2
        Assert.Equal(3, t.Success);
        Assert.Equal(2, t.FullSuccess);
        Assert.Equal(1, t.PartialSuccess);
        Assert.Equal(2, t.Failed);
        Assert.Equal(1, t.Skipped);
        Assert.Equal(1, t.InfrastructureFailures);
        Assert.Equal(1, t.InfrastructureByCategory[ErrorCategory.RateLimited]);
    }

    [Fact]
    public void Build_OneOfEachKind_RatesIntervalsAndWeightedScoreAreExact()
    {
        var t = new CumulativeAggregator(CumulativeGrouping.Default).AddRange(OneOfEachKind()).Build().Totals;

        Assert.Equal(0.6, t.SuccessRate.Rate!.Value, 12);
        Assert.Equal(0.4, t.FullSuccessRate.Rate!.Value, 12);
        Assert.Equal(0.2, t.PartialSuccessRate.Rate!.Value, 12);
        Assert.Equal(0.4, t.FailureRate.Rate!.Value, 12);
        Assert.Equal(0.5, t.WeightedSuccessScore!.Value, 12); // (2 + 0.5 x 1) / 5
        Assert.Equal(0.2307242813, t.SuccessRate.Interval!.Value.Lower, 9); // Wilson 3 of 5
        Assert.Equal(0.8823792258, t.SuccessRate.Interval!.Value.Upper, 9);
        Assert.Equal(0.1176207742, t.FullSuccessRate.Interval!.Value.Lower, 9); // Wilson 2 of 5
        Assert.Equal(0.7692757187, t.FullSuccessRate.Interval!.Value.Upper, 9);
    }

    [Fact]
    public void Build_OneOfEachKind_MeansCoverModelResultsThatHaveTheValue()
    {
        var means = new CumulativeAggregator(CumulativeGrouping.Default).AddRange(OneOfEachKind()).Build().Totals.Means;

        Assert.Equal(200, means.DurationMs!.Value, 12); // (100 + 200 + 300) / 3: skipped and infrastructure left out
        Assert.Equal(4, means.Turns!.Value, 12);
        Assert.Equal(0.5, means.FinalScore!.Value, 12);
        Assert.Null(means.WorkflowScore);
    }

    [Fact]
    public void Build_OneOfEachKind_ErrorSharesDivideByErrorsAndRatesByTests()
    {
        var t = new CumulativeAggregator(CumulativeGrouping.Default).AddRange(OneOfEachKind()).Build().Totals;
        var errors = t.Errors.ToDictionary(e => e.Category);

        Assert.Equal(3, t.TotalErrors); // sequence_order (partial), timeout, other (failure without category)
        Assert.Equal(ErrorCategory.ModelCategories, t.Errors.Select(e => e.Category));
        Assert.Equal(1, errors[ErrorCategory.SequenceOrder].Count);
        Assert.Equal(1, errors[ErrorCategory.Timeout].Count);
        Assert.Equal(1, errors[ErrorCategory.Other].Count);
        Assert.Equal(0, errors[ErrorCategory.ToolCallFormat].Count);
        Assert.Equal(1.0 / 3, errors[ErrorCategory.Timeout].ShareOfErrors!.Value, 12);
        Assert.Equal(0.2, errors[ErrorCategory.Timeout].RatePerTest!.Value, 12);
        Assert.Equal(0.0, errors[ErrorCategory.Dependency].ShareOfErrors!.Value, 12);
        Assert.Equal(1.0, t.Errors.Sum(e => e.ShareOfErrors!.Value), 12);
    }

    [Fact]
    public void Build_AnyDimensionOrder_GroupsAndSubtotalsAgree()
    {
        ResultRecord[] records =
        [
            Make(TestOutcome.Passed, model: "a", prompt: "cot"),
            Make(TestOutcome.Failed, model: "a", prompt: "cot"),
            Make(TestOutcome.Passed, model: "a", prompt: "baseline"),
            Make(TestOutcome.Passed, model: "b", prompt: "cot"),
        ];

        var view = new CumulativeAggregator([RecordColumns.PromptType, RecordColumns.Model]).AddRange(records).Build();

        Assert.Equal([["baseline", "a"], ["cot", "a"], ["cot", "b"]], view.Groups.Select(g => g.Key.ToArray()));
        Assert.Equal([1L, 2L, 1L], view.Groups.Select(g => g.Statistics.Total));
        Assert.Equal([["baseline"], ["cot"]], view.GroupsAt(1).Select(g => g.Key.ToArray()));
        Assert.Equal([1L, 3L], view.GroupsAt(1).Select(g => g.Statistics.Total));
        Assert.Equal([2L / 3.0], view.GroupsAt(1).Skip(1).Select(g => g.Statistics.SuccessRate.Rate!.Value));
        Assert.Equal(4, view.Totals.Total);
        Assert.Equal(["cot", "a"], view.ChildrenOf(["cot"])[0].Key);
    }

    [Fact]
    public void Build_Difficulties_OrderedFromEasiestAndMissingLast()
    {
        ResultRecord[] records =
        [
            Make(TestOutcome.Passed, difficulty: "very_hard"),
            Make(TestOutcome.Passed, difficulty: "easy"),
            Make(TestOutcome.Passed, difficulty: "medium"),
            new() { Outcome = TestOutcome.Passed },
            Make(TestOutcome.Passed, difficulty: "very_easy"),
        ];

        var view = new CumulativeAggregator([RecordColumns.Difficulty]).AddRange(records).Build();

        Assert.Equal(["very_easy", "easy", "medium", "very_hard", GroupRow.MissingValue], view.Groups.Select(g => g.Label(0)));
    }

    [Fact]
    public void Build_CustomDimension_GroupsByDimensionsMap()
    {
        string[] values = ["x", "y", "x"];
        var records = values.Select(v => new ResultRecord { Outcome = TestOutcome.Passed, Dimensions = new() { ["seed"] = v } });

        var view = new CumulativeAggregator(["seed"]).AddRange(records).Build();

        Assert.Equal([("x", 2L), ("y", 1L)], view.Groups.Select(g => (g.Label(0), g.Statistics.Total)));
    }

    [Fact]
    public void Add_ManyRecords_MemoryIsPerGroupNotPerRecord()
    {
        var aggregator = new CumulativeAggregator(CumulativeGrouping.Default);
        for (var i = 0; i < 100_000; i++)
        {
            aggregator.Add(Make(i % 3 == 0 ? TestOutcome.Failed : TestOutcome.Passed, model: i % 2 == 0 ? "a" : "b", durationMs: i));
        }

        Assert.Equal(2, aggregator.GroupCount);
        Assert.Equal(100_000, aggregator.Build().Totals.Total);
    }

    [Fact]
    public void Build_NoRecords_HasEmptyTotalsAndNoGroups()
    {
        var view = new CumulativeAggregator(CumulativeGrouping.Default).Build();

        Assert.Empty(view.Groups);
        Assert.Equal(0, view.Totals.Total);
        Assert.Null(view.Totals.SuccessRate.Rate);
        Assert.Null(view.Totals.SuccessRate.Interval);
    }

    [Fact]
    public void Constructor_RepeatedDimension_Throws() =>
        Assert.Throws<ArgumentException>(() => new CumulativeAggregator([RecordColumns.Model, RecordColumns.Model]));
}
