using RunnerHarness.Aggregation;

namespace RunnerHarness.Tests.Aggregation;

public class WilsonIntervalTests
{
    // Reference values: statsmodels proportion_confint(x, n, method="wilson") and the closed form with z = 1.959963984540054.
    [Theory]
    [InlineData(5, 10, 0.2365930905, 0.7634069095)]
    [InlineData(0, 10, 0.0, 0.2775327999)]
    [InlineData(10, 10, 0.7224672001, 1.0)]
    [InlineData(81, 263, 0.2552885199, 0.3662095770)]
    [InlineData(3, 5, 0.2307242813, 0.8823792258)]
    [InlineData(1, 3, 0.0614919447, 0.7923403992)]
    public void Compute_KnownCounts_MatchesReference(long successes, long total, double lower, double upper)
    {
        var interval = WilsonInterval.Compute(successes, total)!.Value;

        Assert.Equal(lower, interval.Lower, 1e-9);
        Assert.Equal(upper, interval.Upper, 1e-9);
    }

    [Fact]
    public void Compute_NoTrials_IsNull() => Assert.Null(WilsonInterval.Compute(0, 0));

    [Fact]
    public void Compute_MoreSuccessesThanTrials_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(3, 2));
}
