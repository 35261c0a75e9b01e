using RunnerHarness.Aggregation;

namespace RunnerHarness.Tests.Aggregation;

// References computed by hand (Python's statistics.NormalDist for z[0.975] = 1.959964, z[0.8] = 0.841621,
// the values of any normal table) from the formulas in docs/aggregation.md.
public class DetectableDifferenceTests
{
    [Fact]
    public void TwoProportions_IssueExample_MatchesFormula() =>
        // (1.959964 + 0.841621) * sqrt(0.575 * 0.425 * (1/200 + 1/200)) = 0.1384944
        Assert.Equal(0.1384944037, DetectableDifference.TwoProportions(230, 200, 200, 0.05)!.Value, 8);

    [Fact]
    public void McNemar_IssueExample_SolvesConnorsFormula() =>
        // (1.959964 sqrt(0.05) + 0.841621 sqrt(0.05 - d^2))^2 / d^2 = 200 at d = 0.0440363 (bisection by hand script)
        Assert.Equal(0.0440363467, DetectableDifference.McNemar(200, 0.05, 0.05)!.Value, 7);

    [Fact]
    public void McNemar_NoDiscordantPairs_IsNotComputable() =>
        Assert.Null(DetectableDifference.McNemar(200, 0, 0.05));

    [Fact]
    public void PairedMean_MatchesFormula() =>
        // sd(1, 2, 3, 4) = 1.2909944 (n - 1); (1.959964 + 0.841621) * 1.2909944 / 2 = 1.8084155
        Assert.Equal(1.8084154821, DetectableDifference.PairedMean([1, 2, 3, 4], 0.05)!.Value, 6);
}
