using MathNet.Numerics.Distributions;

namespace RunnerHarness.Aggregation;

/// <summary>
/// The smallest difference a comparison could detect with <see cref="Power"/> at a two-sided significance
/// level: what "no significant difference" rules out. Formulas in <c>docs/aggregation.md</c>.
/// </summary>
internal static class DetectableDifference
{
    /// <summary>The power the detectable difference is computed for.</summary>
    public const double Power = 0.8;

    /// <summary>
    /// McNemar (Connor 1987): n pairs detect a difference d of paired proportions when
    /// n &gt;= (z[1-alpha/2] sqrt(psi) + z[power] sqrt(psi - d^2))^2 / d^2, psi the discordant proportion
    /// (observed). Solved for d by bisection on (0, psi]; <see langword="null"/> when there is no discordant pair
    /// or not even d = psi is detectable.
    /// </summary>
    public static double? McNemar(int pairs, double discordantProportion, double alpha)
    {
        var psi = discordantProportion;
        if (pairs == 0 || psi <= 0)
        {
            return null;
        }

        var (za, zb) = Quantiles(alpha);
        double PairsNeeded(double d) => Math.Pow((za * Math.Sqrt(psi)) + (zb * Math.Sqrt(Math.Max(0, psi - (d * d)))), 2) / (d * d);
        if (PairsNeeded(psi) > pairs)
        {
            return null;
        }

        // PairsNeeded falls as d grows: find the smallest d it allows.
        double low = 0, high = psi;
        for (var i = 0; i < 60; i++)
        {
            var middle = (low + high) / 2;
            if (PairsNeeded(middle) > pairs)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return high;
    }

    /// <summary>Paired means: (z[1-alpha/2] + z[power]) x sd(differences) / sqrt(n); <see langword="null"/> below 2 pairs.</summary>
    public static double? PairedMean(IReadOnlyList<double> differences, double alpha)
    {
        ArgumentNullException.ThrowIfNull(differences);
        if (differences.Count < 2)
        {
            return null;
        }

        var (za, zb) = Quantiles(alpha);
        return (za + zb) * MathNet.Numerics.Statistics.Statistics.StandardDeviation(differences) / Math.Sqrt(differences.Count);
    }

    /// <summary>Two independent proportions: (z[1-alpha/2] + z[power]) x sqrt(p(1-p)(1/n1 + 1/n2)), p the pooled rate.</summary>
    public static double? TwoProportions(long successes, long baselineTotal, long candidateTotal, double alpha)
    {
        if (baselineTotal == 0 || candidateTotal == 0)
        {
            return null;
        }

        var pooled = (double)successes / (baselineTotal + candidateTotal);
        var (za, zb) = Quantiles(alpha);
        return (za + zb) * Math.Sqrt(pooled * (1 - pooled) * ((1.0 / baselineTotal) + (1.0 / candidateTotal)));
    }

    private static (double Alpha, double Power) Quantiles(double alpha) =>
        (Normal.InvCDF(0, 1, 1 - (alpha / 2)), Normal.InvCDF(0, 1, Power));
}
