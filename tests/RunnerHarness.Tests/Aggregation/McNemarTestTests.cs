using RunnerHarness.Aggregation;

namespace RunnerHarness.Tests.Aggregation;

// Reference p-values are exact binomial sums computed by hand from the definition
// p = min(1, 2 * sum_{k <= min(b, c)} C(b + c, k) / 2^(b + c)), which is what R's
// binom.test(min(b, c), b + c)$p.value and exact2x2::mcnemar.exact return for these symmetric tails.
public class McNemarTestTests
{
    [Theory]
    [InlineData(10, 0, 0.001953125)] // 2 / 2^10
    [InlineData(8, 1, 0.0390625)] // 2 * (1 + 9) / 2^9
    [InlineData(6, 0, 0.03125)] // 2 / 2^6
    [InlineData(10, 4, 0.1795654296875)] // 2 * (1 + 14 + 91 + 364 + 1001) / 2^14
    [InlineData(21, 4, 0.0009105205535888672)] // 2 * (1 + 25 + 300 + 2300 + 12650) / 2^25
    [InlineData(3, 3, 1.0)] // 2 * (1 + 6 + 15 + 20) / 2^6 = 1.3125, capped at 1
    [InlineData(0, 0, 1.0)] // no discordant pair: no evidence
    public void PValue_Exact_MatchesBinomialSum(int baselineOnly, int candidateOnly, double expected)
    {
        Assert.Equal(expected, McNemarTest.PValue(baselineOnly, candidateOnly, midP: false), 10);
        Assert.Equal(expected, McNemarTest.PValue(candidateOnly, baselineOnly, midP: false), 10);
    }

    [Theory]
    [InlineData(8, 1, 0.021484375)] // 0.0390625 - C(9, 1) / 2^9
    [InlineData(10, 0, 0.0009765625)] // 2 / 2^10 - 1 / 2^10
    public void PValue_MidP_SubtractsTheObservedProbabilityOnce(int baselineOnly, int candidateOnly, double expected) =>
        Assert.Equal(expected, McNemarTest.PValue(baselineOnly, candidateOnly, midP: true), 10);

    [Fact]
    public void Compare_IssueExample_DifferenceAndWaldInterval()
    {
        // 200 pairs, baseline right alone on 10, candidate never right alone: d = -10/200;
        // SE = sqrt(10 - 100/200) / 200 = 0.0154110; 95% interval d +- 1.959964 SE (computed by hand).
        var result = McNemarTest.Compare(10, 0, 200, 0.05, midP: false);

        Assert.Equal(SignificanceTest.McNemarExact, result.Test);
        Assert.Equal(-0.05, result.Difference!.Value, 10);
        Assert.Equal(0.001953125, result.PValue!.Value, 10);
        Assert.Equal(-0.0802050736, result.Interval!.Value.Lower, 8);
        Assert.Equal(-0.0197949264, result.Interval!.Value.Upper, 8);
        Assert.Equal(200, result.Pairs);
    }
}
