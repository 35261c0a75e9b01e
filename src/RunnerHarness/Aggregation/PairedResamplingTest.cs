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

    // Resamples drawn and summed side by side, each into its own sum in its own order, so the core overlaps the
    // additions of different resamples; every sum is still added in pair order, as one resample at a time added it.
    private const int Batch = 4;

    // A compile-time check that the resamples are whole batches (a constant uint below 0 does not compile).
    private const uint ResamplesInWholeBatches = 0u - (Resamples % Batch);

    /// <summary>Tests <paramref name="differences"/> (one per paired item) at level <paramref name="alpha"/>.</summary>
    public static ProportionTestResult Compare(IReadOnlyList<double> differences, double alpha, PairedResampling method, int seed)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var values = differences as double[] ?? [.. differences];
        var test = method == PairedResampling.Bootstrap ? SignificanceTest.PairedBootstrap : SignificanceTest.SignFlipPermutation;
        var n = values.Length;
        if (n == 0)
        {
            return new ProportionTestResult(test, null, null);
        }

        var mean = values.Average();

        // The bootstrap p-value and the interval each drew n indices a resample from new Random(seed): the same
        // draws, so they are drawn once.
        var (bootstrapP, means) = Bootstrap(values, mean, seed, withPValue: method == PairedResampling.Bootstrap);
        var p = method == PairedResampling.Bootstrap ? bootstrapP : SignFlipPValue(values, mean, seed);
        return new ProportionTestResult(test, mean, p)
        {
            Interval = new ConfidenceInterval(
                MathNet.Numerics.Statistics.Statistics.Quantile(means, alpha / 2),
                MathNet.Numerics.Statistics.Statistics.Quantile(means, 1 - (alpha / 2))),
            Pairs = n,
            MinimumDetectableDifference = DetectableDifference.PairedMean(values, alpha),
        };
    }

    // Means at least as far from 0 as the observed one count; the slack absorbs rounding of equal sums.
    private static bool AsExtreme(double sum, double observedSum) => Math.Abs(sum) >= Math.Abs(observedSum) - 1e-9;

    private static int CountExtreme(ReadOnlySpan<double> sums, double observedSum)
    {
        var count = 0;
        foreach (var sum in sums)
        {
            count += AsExtreme(sum, observedSum) ? 1 : 0;
        }

        return count;
    }

    private static double SignFlipPValue(double[] differences, double mean, int seed)
    {
        var n = differences.Length;
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

        // One random bit per sign (set: minus), drawn a byte at a time as Random.NextBytes gave them, a resample's
        // bytes after the one before; a draw per pair made this the slowest part of compare.
        var random = new SeededRandomSequence(seed);
        var bytesPerResample = (n + 7) / 8;
        var signBytes = new byte[Batch * bytesPerResample];
        var valueBits = Array.ConvertAll(differences, BitConverter.DoubleToInt64Bits);
        Span<double> sums = stackalloc double[Batch];
        var count = 0;
        for (var r = 0; r < Resamples; r += Batch)
        {
            random.NextBytes(signBytes);
            SignedSums(valueBits, signBytes, bytesPerResample, sums);
            count += CountExtreme(sums, observed);
        }

        // The observed pattern is one of the permutations (Phipson and Smyth 2010): p is never 0.
        return (count + 1.0) / (Resamples + 1.0);
    }

    // Negation flips the sign bit: so does this, without a branch on a random bit.
    private static double Signed(long valueBits, ReadOnlySpan<byte> signs, int i) =>
        BitConverter.Int64BitsToDouble(valueBits ^ ((long)((signs[i >> 3] >> (i & 7)) & 1) << 63));

    // Each of a batch's resamples' sums of the signed differences, added in pair order.
    private static void SignedSums(long[] valueBits, ReadOnlySpan<byte> signs, int bytesPerResample, Span<double> sums)
    {
        var first = signs[..bytesPerResample];
        var second = signs.Slice(bytesPerResample, bytesPerResample);
        var third = signs.Slice(2 * bytesPerResample, bytesPerResample);
        var fourth = signs.Slice(3 * bytesPerResample, bytesPerResample);
        double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        for (var i = 0; i < valueBits.Length; i++)
        {
            var value = valueBits[i];
            s1 += Signed(value, first, i);
            s2 += Signed(value, second, i);
            s3 += Signed(value, third, i);
            s4 += Signed(value, fourth, i);
        }

        (sums[0], sums[1], sums[2], sums[3]) = (s1, s2, s3, s4);
    }

    // The bootstrap: Resamples means of n differences drawn with replacement by Random.Next(n), and, with the
    // p-value, the same draws of the centred differences (d - mean: a world where the true mean difference is 0).
    private static (double PValue, double[] Means) Bootstrap(double[] differences, double mean, int seed, bool withPValue)
    {
        var n = differences.Length;
        var centred = withPValue ? Array.ConvertAll(differences, d => d - mean) : null;
        var observed = mean * n;
        var random = new SeededRandomSequence(seed);
        var draws = new int[Batch * n];
        var means = new double[Resamples];
        Span<double> centredSums = stackalloc double[Batch];
        var count = 0;
        for (var r = 0; r < Resamples; r += Batch)
        {
            random.NextIndices(draws, n);
            var batch = means.AsSpan(r, Batch);
            DrawnSums(differences, draws, batch);
            for (var b = 0; b < Batch; b++)
            {
                batch[b] /= n;
            }

            if (centred is not null)
            {
                DrawnSums(centred, draws, centredSums);
                count += CountExtreme(centredSums, observed);
            }
        }

        return ((count + 1.0) / (Resamples + 1.0), means);
    }

    // Each of a batch's resamples' sums of the drawn values, added in draw order.
    private static void DrawnSums(double[] values, ReadOnlySpan<int> draws, Span<double> sums)
    {
        var n = values.Length;
        var first = draws[..n];
        var second = draws.Slice(n, n);
        var third = draws.Slice(2 * n, n);
        var fourth = draws.Slice(3 * n, n);
        double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        for (var i = 0; i < n; i++)
        {
            s1 += values[first[i]];
            s2 += values[second[i]];
            s3 += values[third[i]];
            s4 += values[fourth[i]];
        }

        (sums[0], sums[1], sums[2], sums[3]) = (s1, s2, s3, s4);
    }
}
