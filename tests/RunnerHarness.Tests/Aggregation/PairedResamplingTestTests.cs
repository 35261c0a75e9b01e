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

    // Paired-item counts from the exact sign-flip limit to the 200-run store's largest, each with seeds.
    public static TheoryData<int, int, bool> SizesAndSeeds()
    {
        var data = new TheoryData<int, int, bool>();
        foreach (var bootstrap in new[] { false, true })
        {
            foreach (var (pairs, seed) in new[] { (9, 3), (17, PairedResamplingTest.DefaultSeed), (40, 7), (341, PairedResamplingTest.DefaultSeed), (341, -12345), (491, 99) })
            {
                data.Add(pairs, seed, bootstrap);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SizesAndSeeds))]
    public void Compare_AnySizeAndSeed_SameBitsAsTheDefinitionWithSystemRandom(int pairs, int seed, bool bootstrap)
    {
        var method = bootstrap ? PairedResampling.Bootstrap : PairedResampling.SignFlip;
        var differences = ItemDifferences(pairs, seed);

        var actual = PairedResamplingTest.Compare(differences, 0.05, method, seed);
        var (p, lower, upper) = Definition(differences, 0.05, method, seed);

        Assert.Equal(BitConverter.DoubleToInt64Bits(p), BitConverter.DoubleToInt64Bits(actual.PValue!.Value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(lower), BitConverter.DoubleToInt64Bits(actual.Interval!.Value.Lower));
        Assert.Equal(BitConverter.DoubleToInt64Bits(upper), BitConverter.DoubleToInt64Bits(actual.Interval!.Value.Upper));
        Assert.Equal(differences.Average(), actual.Difference);
    }

    // Per-item differences of two runs' success rates over 1-4 samples each: the values the run trends test.
    private static double[] ItemDifferences(int pairs, int seed)
    {
        var random = new Random(seed ^ 0x5eed);
        return [.. Enumerable.Range(0, pairs).Select(_ =>
        {
            int earlier = 1 + random.Next(4), later = 1 + random.Next(4);
            return ((double)random.Next(later + 1) / later) - ((double)random.Next(earlier + 1) / earlier);
        })];
    }

    // The tests as docs/aggregation.md defines them, one resample at a time from System.Random: sign-flip p-value
    // (exact up to 16 pairs) or bootstrap p-value of the centred differences, and the percentile bootstrap interval.
    private static (double P, double Lower, double Upper) Definition(double[] d, double alpha, PairedResampling method, int seed)
    {
        var n = d.Length;
        var mean = d.Average();
        bool Extreme(double sum) => Math.Abs(sum) >= Math.Abs(mean * n) - 1e-9;
        double p;
        if (method == PairedResampling.SignFlip && n <= PairedResamplingTest.ExactSignFlipPairs)
        {
            var extreme = 0;
            for (var signs = 0; signs < 1 << n; signs++)
            {
                var sum = 0.0;
                for (var i = 0; i < n; i++)
                {
                    sum += (signs & (1 << i)) == 0 ? d[i] : -d[i];
                }

                extreme += Extreme(sum) ? 1 : 0;
            }

            p = (double)extreme / (1 << n);
        }
        else
        {
            var random = new Random(seed);
            var bits = new byte[(n + 7) / 8];
            var count = 0;
            for (var r = 0; r < PairedResamplingTest.Resamples; r++)
            {
                var sum = 0.0;
                if (method == PairedResampling.SignFlip)
                {
                    random.NextBytes(bits);
                }

                for (var i = 0; i < n; i++)
                {
                    sum += method == PairedResampling.SignFlip
                        ? ((bits[i / 8] >> (i % 8)) & 1) == 0 ? d[i] : -d[i]
                        : d[random.Next(n)] - mean;
                }

                count += Extreme(sum) ? 1 : 0;
            }

            p = (count + 1.0) / (PairedResamplingTest.Resamples + 1.0);
        }

        var interval = new Random(seed);
        var means = new double[PairedResamplingTest.Resamples];
        for (var r = 0; r < means.Length; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += d[interval.Next(n)];
            }

            means[r] = sum / n;
        }

        return (p, MathNet.Numerics.Statistics.Statistics.Quantile(means, alpha / 2), MathNet.Numerics.Statistics.Statistics.Quantile(means, 1 - (alpha / 2)));
    }
}
