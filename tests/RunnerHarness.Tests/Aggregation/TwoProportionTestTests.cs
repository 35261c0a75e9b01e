using RunnerHarness.Aggregation;

namespace RunnerHarness.Tests.Aggregation;

public class TwoProportionTestTests
{
    [Fact]
    public void Compare_LargeCounts_UsesZTestWithKnownPValue()
    {
        // 45/100 vs 60/100: pooled p = 0.525, z = 2.12398, two-sided p = erfc(z / sqrt 2) = 0.0336721.
        var result = TwoProportionTest.Compare(45, 100, 60, 100);

        Assert.Equal(SignificanceTest.ZTest, result.Test);
        Assert.Equal(0.15, result.Difference!.Value, 12);
        Assert.Equal(0.0336720689, result.PValue!.Value, 6);
    }

    [Fact]
    public void Compare_IsSymmetricInPValue()
    {
        var forward = TwoProportionTest.Compare(45, 100, 60, 100);
        var backward = TwoProportionTest.Compare(60, 100, 45, 100);

        Assert.Equal(forward.PValue!.Value, backward.PValue!.Value, 12);
        Assert.Equal(-forward.Difference!.Value, backward.Difference!.Value, 12);
    }

    [Theory]
    [InlineData(3, 4, 1, 4, 0.4857142857)] // Fisher's tea-tasting table
    [InlineData(0, 5, 5, 5, 0.0079365079)] // 2 / C(10, 5)
    [InlineData(8, 10, 2, 10, 0.0230141376)] // R: fisher.test(matrix(c(8, 2, 2, 8), 2))
    [InlineData(1, 10, 9, 11, 0.0019052155)]
    public void FisherExactPValue_KnownTables_MatchesReference(long x1, long n1, long x2, long n2, double expected) =>
        Assert.Equal(expected, TwoProportionTest.FisherExactPValue(x1, n1, x2, n2), 1e-9);

    [Theory]
    [InlineData(3, 4, 1, 4, SignificanceTest.FisherExact)] // smallest expected count 2
    [InlineData(8, 10, 2, 10, SignificanceTest.ZTest)] // every expected count is 5
    [InlineData(1, 1000, 4, 1000, SignificanceTest.FisherExact)] // rare successes: expected 2.5
    // expectedTest is an object because SignificanceTest is internal and a public test method cannot take it.
    public void Compare_ExpectedCounts_PicksTestByCochranRule(long x1, long n1, long x2, long n2, object expectedTest)
    {
        var expected = (SignificanceTest)expectedTest;
        var result = TwoProportionTest.Compare(x1, n1, x2, n2);

        Assert.Equal(expected, result.Test);
        if (expected == SignificanceTest.FisherExact)
        {
            Assert.Equal(TwoProportionTest.FisherExactPValue(x1, n1, x2, n2), result.PValue!.Value, 12);
        }
    }

    [Fact]
    public void Compare_EmptySide_HasNoTest()
    {
        var result = TwoProportionTest.Compare(0, 0, 3, 5);

        Assert.Equal(SignificanceTest.None, result.Test);
        Assert.Null(result.PValue);
    }

    [Fact]
    public void Compare_IdenticalRates_PValueIsOne()
    {
        var result = TwoProportionTest.Compare(50, 100, 50, 100);

        Assert.Equal(1.0, result.PValue!.Value, 6);
    }
}
