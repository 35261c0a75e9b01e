using RunnerHarness.Aggregation;

namespace RunnerHarness.Tests.Aggregation;

public class PairedResamplingTestTests
{
    [Fact]
    public void Compare_SignFlipFewPairs_EnumeratesAllPatterns()
    {
        // 4 equal differences: only all-plus and all-minus reach |sum| 4, so p = 2 / 2^4.
        var result = PairedResamplingTest.Compare([-1, -1, -1, -1], 0.05, PairedResampling.SignFlip, 1);

        Assert.Equal(SignificanceTest.SignFlipPermutation, result.Test);
        Assert.Equal(0.125, result.PValue!.Value, 12);
        Assert.Equal(-1, result.Difference!.Value, 12);
        Assert.Equal(4, result.Pairs);
    }

    [Fact]
    public void Compare_SignFlipMixedDifferences_CountsPatternsByHand()
    {
        // |±0.5 ±0.5 ±1 ±1| >= 2 in 6 of the 16 patterns (counted by hand): (+.5+.5)(+1+1), the two 0s of the halves
        // with ±(1+1), and (-.5-.5)(-1-1).
        var result = PairedResamplingTest.Compare([0.5, -0.5, 1, 1], 0.05, PairedResampling.SignFlip, 1);

        Assert.Equal(0.375, result.PValue!.Value, 12);
    }

    [Fact]
    public void Compare_ManyPairs_SameSeedSameResultAndSmallP()
    {
        var differences = Enumerable.Range(0, 40).Select(i => i % 5 == 0 ? 0.1 : -0.3).ToArray();

        var first = PairedResamplingTest.Compare(differences, 0.05, PairedResampling.SignFlip, 7);
        var again = PairedResamplingTest.Compare(differences, 0.05, PairedResampling.SignFlip, 7);
        var bootstrap = PairedResamplingTest.Compare(differences, 0.05, PairedResampling.Bootstrap, 7);

        Assert.Equal(first, again);
        Assert.True(first.PValue < 0.001, $"p = {first.PValue}");
        Assert.True(first.PValue > 0, "a permutation p-value counts the observed pattern");
        Assert.Equal(SignificanceTest.PairedBootstrap, bootstrap.Test);
        Assert.True(bootstrap.PValue < 0.001, $"p = {bootstrap.PValue}");
        Assert.True(first.Interval!.Value.Lower < -0.22 && first.Interval!.Value.Upper < -0.1, $"{first.Interval}");
    }

    [Fact]
    public void Compare_NoDifference_PIsOne() =>
        Assert.Equal(1.0, PairedResamplingTest.Compare([0, 0, 0], 0.05, PairedResampling.SignFlip, 1).PValue!.Value, 12);
}
