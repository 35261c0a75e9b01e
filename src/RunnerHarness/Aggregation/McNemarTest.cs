using MathNet.Numerics.Distributions;

namespace RunnerHarness.Aggregation;

/// <summary>
/// McNemar's test of paired binary results (McNemar 1947), exact form: under no difference each discordant
/// pair (one side right, the other wrong) is equally likely to favour either side, so the count favouring the
/// baseline is Binomial(discordant, 1/2). The two-sided p-value is twice the smaller tail, at most 1; the
/// mid-p variant subtracts the probability of the observed count once (Fagerland, Lydersen and Laake 2013).
/// See <c>docs/aggregation.md</c>.
/// </summary>
internal static class McNemarTest
{
    /// <summary>
    /// Tests <paramref name="baselineOnly"/> pairs where only the baseline was right against
    /// <paramref name="candidateOnly"/> where only the candidate was, out of <paramref name="pairs"/> pairs.
    /// The difference is (candidateOnly - baselineOnly) / pairs with its Wald interval for paired proportions
    /// at confidence 1 - <paramref name="alpha"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or the discordant pairs exceed the pairs.</exception>
    public static ProportionTestResult Compare(int baselineOnly, int candidateOnly, int pairs, double alpha, bool midP)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(baselineOnly);
        ArgumentOutOfRangeException.ThrowIfNegative(candidateOnly);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(baselineOnly + candidateOnly, pairs);
        var test = midP ? SignificanceTest.McNemarMidP : SignificanceTest.McNemarExact;
        if (pairs == 0)
        {
            return new ProportionTestResult(test, null, null);
        }

        var difference = (double)(candidateOnly - baselineOnly) / pairs;

        // Var of the paired difference: (b + c - (c - b)^2 / n) / n^2 (Agresti, Categorical Data Analysis, 10.1.1).
        var standardError = Math.Sqrt(baselineOnly + candidateOnly - ((double)(candidateOnly - baselineOnly) * (candidateOnly - baselineOnly) / pairs)) / pairs;
        var z = Normal.InvCDF(0, 1, 1 - (alpha / 2));
        return new ProportionTestResult(test, difference, PValue(baselineOnly, candidateOnly, midP))
        {
            Interval = new ConfidenceInterval(Math.Max(-1, difference - (z * standardError)), Math.Min(1, difference + (z * standardError))),
            Pairs = pairs,
            MinimumDetectableDifference = DetectableDifference.McNemar(pairs, (double)(baselineOnly + candidateOnly) / pairs, alpha),
        };
    }

    /// <summary>The two-sided exact (or mid-p) p-value of <paramref name="baselineOnly"/> against <paramref name="candidateOnly"/> discordant pairs.</summary>
    public static double PValue(int baselineOnly, int candidateOnly, bool midP)
    {
        var discordant = baselineOnly + candidateOnly;
        if (discordant == 0)
        {
            return 1;
        }

        var smaller = Math.Min(baselineOnly, candidateOnly);
        var tail = Binomial.CDF(0.5, discordant, smaller);
        var p = midP ? (2 * tail) - Binomial.PMF(0.5, discordant, smaller) : 2 * tail;
        return Math.Min(1, p);
    }
}
