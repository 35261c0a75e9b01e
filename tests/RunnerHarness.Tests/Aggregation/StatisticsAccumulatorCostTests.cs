using RunnerHarness.Aggregation;
using RunnerHarness.Schema;

namespace RunnerHarness.Tests.Aggregation;

public sealed class StatisticsAccumulatorCostTests
{
    [Fact]
    public void Add_CostsOfEveryClass_SumOverRecordsWithACostAndMergeAcrossAccumulators()
    {
        var left = new StatisticsAccumulator();
        var right = new StatisticsAccumulator();
        left.Add(Costed(RecordFactory.Make(TestOutcome.Passed, SuccessLevel.FullSuccess, model: "gpt-4o"), 0.0125));
        left.Add(Costed(RecordFactory.Make(TestOutcome.Failed, SuccessLevel.Failure, ErrorCategory.ToolSelection, model: "gpt-4o"), 0.0075));
        right.Add(Costed(RecordFactory.Make(TestOutcome.Failed, category: ErrorCategory.RateLimited, model: "gpt-4o"), 0.0020));
        right.Add(RecordFactory.Make(TestOutcome.Passed, SuccessLevel.FullSuccess, model: "gpt-4o"));

        left.Merge(right);
        var cost = left.ToStatistics().Cost;

        // 0.0125 + 0.0075 + 0.0020 over 3 records with a cost; the record without one is in neither figure.
        Assert.Equal(3, cost.CostedRecords);
        Assert.Equal(0.0220, cost.Total!.Value, 12);
        Assert.Equal(0.0220 / 3, cost.PerSampleUsd!.Value, 12);
    }

    [Fact]
    public void Add_NoRecordWithACost_HasNoCost()
    {
        var accumulator = new StatisticsAccumulator();
        accumulator.Add(RecordFactory.Make(TestOutcome.Passed, SuccessLevel.FullSuccess));

        var cost = accumulator.ToStatistics().Cost;

        Assert.False(cost.HasCost);
        Assert.Null(cost.Total);
        Assert.Null(cost.PerSampleUsd);
    }

    [Fact]
    public void Add_ReplayedPlainTheoryRecord_CountsAsARecordButNotAsAModelResult()
    {
        var accumulator = new StatisticsAccumulator();
        accumulator.Add(RecordFactory.Make(TestOutcome.Passed, SuccessLevel.FullSuccess, durationMs: 900));
        var replay = new ResultRecordBuilder(RecordFactory.Make(TestOutcome.Failed, SuccessLevel.Failure, ErrorCategory.Other, durationMs: 100))
        {
            Metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["model_calls"] = 1, ["model_cache_hits"] = 1, ["model_replayed"] = 1 },
        }.Build();
        accumulator.Add(replay);

        var statistics = accumulator.ToStatistics();

        Assert.Equal((2L, 1L, 1L, 0L, 0L), (statistics.Records, statistics.Total, statistics.Replayed, statistics.Failed, statistics.TotalErrors));
        Assert.Equal(1.0, statistics.SuccessRate.Rate);
        Assert.Equal(900, statistics.Means.DurationMs);
    }

    private static ResultRecord Costed(ResultRecord record, double costUsd) => new ResultRecordBuilder(record) { CostUsd = costUsd }.Build();
}
