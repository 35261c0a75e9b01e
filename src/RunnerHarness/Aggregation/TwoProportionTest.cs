using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Tests whether two success proportions differ. The pooled two-proportion z-test is used when every
/// expected count of the 2x2 table (successes and failures of each side under the pooled rate) is at
/// least 5 (Cochran's rule); below that its normal approximation is poor and Fisher's exact test is used.
/// Both are two-sided. See <c>docs/aggregation.md</c>.
/// </summary>
internal static class TwoProportionTest
{
    /// <summary>The smallest expected count for which the z-test is used.</summary>
    public const double MinimumExpectedCount = 5;

    /// <summary>Compares <paramref name="baselineSuccesses"/>/<paramref name="baselineTotal"/> with <paramref name="candidateSuccesses"/>/<paramref name="candidateTotal"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or successes exceed their total.</exception>
    public static ProportionTestResult Compare(long baselineSuccesses, long baselineTotal, long candidateSuccesses, long candidateTotal)
    {
        Validate(baselineSuccesses, baselineTotal);
        Validate(candidateSuccesses, candidateTotal);
        if (baselineTotal == 0 || candidateTotal == 0)
        {
            return new ProportionTestResult(SignificanceTest.None, null, null);
        }

        var baselineRate = (double)baselineSuccesses / baselineTotal;
        var candidateRate = (double)candidateSuccesses / candidateTotal;
        var difference = candidateRate - baselineRate;
        double n = baselineTotal + candidateTotal;
        var pooled = (baselineSuccesses + candidateSuccesses) / n;
        var smallestExpected = Math.Min(baselineTotal, candidateTotal) * Math.Min(pooled, 1 - pooled);
        if (smallestExpected < MinimumExpectedCount)
        {
            return new ProportionTestResult(SignificanceTest.FisherExact, difference, FisherExactPValue(baselineSuccesses, baselineTotal, candidateSuccesses, candidateTotal));
        }

        var standardError = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / baselineTotal) + (1.0 / candidateTotal)));
        var z = difference / standardError;
        return new ProportionTestResult(SignificanceTest.ZTest, difference, Math.Min(1, 2 * Normal.CDF(0, 1, -Math.Abs(z))));
    }

    /// <summary>
    /// The two-sided Fisher exact p-value of the 2x2 table: the probability, with both margins fixed, of
    /// every table at most as likely as the observed one.
    /// </summary>
    public static double FisherExactPValue(long baselineSuccesses, long baselineTotal, long candidateSuccesses, long candidateTotal)
    {
        Validate(baselineSuccesses, baselineTotal);
        Validate(candidateSuccesses, candidateTotal);
        var successes = baselineSuccesses + candidateSuccesses;
        var n = baselineTotal + candidateTotal;
        var low = Math.Max(0, successes - candidateTotal);
        var high = Math.Min(baselineTotal, successes);
        var logDenominator = LogChoose(n, successes);
        double LogProbability(long k) => LogChoose(baselineTotal, k) + LogChoose(candidateTotal, successes - k) - logDenominator;

        var observed = LogProbability(baselineSuccesses);

        // Tables whose probability ties with the observed one's must count; the relative slack absorbs rounding.
        var threshold = observed + 1e-7;
        var p = 0.0;
        for (var k = low; k <= high; k++)
        {
            var logP = LogProbability(k);
            if (logP <= threshold)
            {
                p += Math.Exp(logP);
            }
        }

        return Math.Min(1, p);
    }

    private static double LogChoose(long n, long k) =>
        SpecialFunctions.GammaLn(n + 1) - SpecialFunctions.GammaLn(k + 1) - SpecialFunctions.GammaLn(n - k + 1);

    private static void Validate(long successes, long total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, total);
    }
}
