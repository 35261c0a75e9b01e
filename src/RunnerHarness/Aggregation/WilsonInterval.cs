namespace RunnerHarness.Aggregation;

/// <summary>
/// The Wilson score interval of a binomial proportion. Unlike the normal ("Wald") interval it stays
/// inside [0, 1] and is not degenerate at 0 or n successes, which matters for cells of a few samples.
/// </summary>
internal static class WilsonInterval
{
    /// <summary>The standard normal quantile for a two-sided 95% interval (the 0.975 quantile).</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// The interval of <paramref name="successes"/> out of <paramref name="total"/> at the confidence of
    /// <paramref name="z"/> (default 95%); <see langword="null"/> when <paramref name="total"/> is 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or successes exceed the total.</exception>
    public static ConfidenceInterval? Compute(long successes, long total, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, total);
        if (total == 0)
        {
            return null;
        }

        double n = total;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + (z2 / n);
        var center = (p + (z2 / (2 * n))) / denominator;
        var half = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / denominator;

        // Rounding can push an end a hair past 0 or 1 when p is 0 or 1; the true bound is exactly there.
        return new ConfidenceInterval(Math.Max(0, center - half), Math.Min(1, center + half));
    }
}
