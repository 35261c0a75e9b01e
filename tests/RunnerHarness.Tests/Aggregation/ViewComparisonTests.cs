using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using static RunnerHarness.Tests.Aggregation.RecordFactory;

namespace RunnerHarness.Tests.Aggregation;

public class ViewComparisonTests
{
    private static CumulativeView View(params (string Prompt, int Passed, int Failed)[] cells)
    {
        var aggregator = new CumulativeAggregator([RecordColumns.PromptType]);
        foreach (var (prompt, passed, failed) in cells)
        {
            for (var i = 0; i < passed; i++)
            {
                aggregator.Add(Make(TestOutcome.Passed, prompt: prompt));
            }

            for (var i = 0; i < failed; i++)
            {
                aggregator.Add(Make(TestOutcome.Failed, prompt: prompt));
            }
        }

        return aggregator.Build();
    }

    [Fact]
    public void Compare_SignificantDrop_IsFlaggedAsRegression()
    {
        var baseline = View(("cot", 60, 40), ("baseline", 8, 2));
        var candidate = View(("cot", 45, 55), ("baseline", 8, 2));

        var result = ViewComparison.Compare(baseline, candidate, new ComparisonOptions { Adjustment = PValueAdjustment.None }, null);

        var cot = Assert.Single(result.Cells, c => c.Key[0] == "cot");
        Assert.True(cot.IsRegression);
        Assert.Equal(0.0336720689, cot.Test.PValue!.Value, 6);
        Assert.False(Assert.Single(result.Cells, c => c.Key[0] == "baseline").IsRegression);
        Assert.True(result.HasRegression);
    }

    [Fact]
    public void Compare_DefaultBenjaminiHochberg_AdjustedDropIsNoLongerARegression()
    {
        // Two tested cells: BH multiplies the smallest p (0.0336721) by 2 / 1 = 0.0673441 > 0.05.
        var baseline = View(("cot", 60, 40), ("baseline", 8, 2));
        var candidate = View(("cot", 45, 55), ("baseline", 8, 2));

        var result = ViewComparison.Compare(baseline, candidate);

        var cot = Assert.Single(result.Cells, c => c.Key[0] == "cot");
        Assert.Equal(0.0673441378, cot.AdjustedPValue!.Value, 6);
        Assert.False(cot.IsRegression);
        Assert.Equal(SignificanceTest.ZTest, cot.Test.Test);
        Assert.Equal(200, cot.Test.Unpaired);
    }

    [Fact]
    public void Compare_SmallInsignificantDrop_IsNotFlagged()
    {
        var result = ViewComparison.Compare(View(("cot", 6, 4)), View(("cot", 5, 5)));

        Assert.False(result.HasRegression);
        Assert.Equal(-0.1, result.Overall.Test.Difference!.Value, 12);
    }

    [Fact]
    public void Compare_CellOnlyInOneSide_IsListedWithoutTest()
    {
        var result = ViewComparison.Compare(View(("cot", 6, 4)), View(("cot", 6, 4), ("optimal", 1, 0)));

        var optimal = Assert.Single(result.Cells, c => c.Key[0] == "optimal");
        Assert.Null(optimal.Baseline);
        Assert.Equal(SignificanceTest.None, optimal.Test.Test);
    }
}
