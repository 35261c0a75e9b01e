namespace RunnerHarness.Aggregation;

/// <summary>
/// Tests the mean of per-item paired differences (candidate minus baseline) by resampling with a fixed seed,
/// so a comparison gives the same p-value and interval every time. The interval is the percentile bootstrap
/// interval of the mean. See <c>docs/aggregation.md</c>.
/// </summary>
internal static class PairedResamplingTest
{
    /// <summary>The default seed of the resampling.</summary>
    public const int DefaultSeed = 20240101;

    /// <summary>Resamples drawn for a Monte Carlo p-value and for the bootstrap interval.</summary>
    public const int Resamples = 10_000;

    /// <summary>Up to this many pairs the sign-flip p-value enumerates all 2^n sign patterns (exact).</summary>
    public const int ExactSignFlipPairs = 16;

    /// <summary>Tests <paramref name="differences"/> (one per paired item) at level <paramref name="alpha"/>.</summary>
    public static ProportionTestResult Compare(IReadOnlyList<double> differences, double alpha, PairedResampling method, int seed)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var test = method == PairedResampling.Bootstrap ? SignificanceTest.PairedBootstrap : SignificanceTest.SignFlipPermutation;
        var n = differences.Count;
        if (n == 0)
        {
            return new ProportionTestResult(test, null, null);
        }

        var mean = differences.Average();
        var p = method == PairedResampling.Bootstrap ? BootstrapPValue(differences, mean, seed) : SignFlipPValue(differences, mean, seed);
        return new ProportionTestResult(test, mean, p)
        {
            Interval = BootstrapInterval(differences, alpha, seed),
            Pairs = n,
            MinimumDetectableDifference = DetectableDifference.PairedMean(differences, alpha),
        };
    }

    // Means at least as far from 0 as the observed one count; the slack absorbs rounding of equal sums.
    private static bool AsExtreme(double sum, double observedSum) => Math.Abs(sum) >= Math.Abs(observedSum) - 1e-9;

    private static double SignFlipPValue(IReadOnlyList<double> differences, double mean, int seed)
    {
        var n = differences.Count;
        var observed = mean * n;
        if (n <= ExactSignFlipPairs)
        {
            var patterns = 1 << n;
            var extreme = 0;
            for (var signs = 0; signs < patterns; signs++)
            {
                var sum = 0.0;
                for (var i = 0; i < n; i++)
                {
                    sum += (signs & (1 << i)) == 0 ? differences[i] : -differences[i];
                }

                extreme += AsExtreme(sum, observed) ? 1 : 0;
            }

            return (double)extreme / patterns;
        }

        var random = new Random(seed);
        var count = 0;

        // One random bit per sign, drawn a byte at a time: a draw per pair made this the slowest part of compare.
        var bits = new byte[(n + 7) / 8];
        for (var r = 0; r < Resamples; r++)
        {
            random.NextBytes(bits);
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += (bits[i >> 3] & (1 << (i & 7))) == 0 ? differences[i] : -differences[i];
            }

            count += AsExtreme(sum, observed) ? 1 : 0;
        }

        // The observed pattern is one of the permutations (Phipson and Smyth 2010): p is never 0.
        return (count + 1.0) / (Resamples + 1.0);
    }

    private static double BootstrapPValue(IReadOnlyList<double> differences, double mean, int seed)
    {
        var n = differences.Count;
        var random = new Random(seed);
        var count = 0;
        for (var r = 0; r < Resamples; r++)
        {
            // Resampling the centred differences draws from a world where the true mean difference is 0.
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += differences[random.Next(n)] - mean;
            }

            count += AsExtreme(sum, mean * n) ? 1 : 0;
        }

        return (count + 1.0) / (Resamples + 1.0);
    }

    private static ConfidenceInterval BootstrapInterval(IReadOnlyList<double> differences, double alpha, int seed)
    {
        var n = differences.Count;
        var random = new Random(seed);
        var means = new double[Resamples];
        for (var r = 0; r < Resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += differences[random.Next(n)];
            }

            means[r] = sum / n;
        }

        return new ConfidenceInterval(
            MathNet.Numerics.Statistics.Statistics.Quantile(means, alpha / 2),
            MathNet.Numerics.Statistics.Statistics.Quantile(means, 1 - (alpha / 2)));
    }
}
