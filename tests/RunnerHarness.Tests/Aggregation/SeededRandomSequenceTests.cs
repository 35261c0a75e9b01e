using RunnerHarness.Aggregation;

namespace RunnerHarness.Tests.Aggregation;

// The resampling tests' p-values and intervals are defined by the draws of new Random(seed): SeededRandomSequence
// must give exactly those, so it is compared with System.Random itself, draw by draw.
public class SeededRandomSequenceTests
{
    // The default seed, small, negative and extreme seeds (Random takes |seed|, int.MinValue as int.MaxValue), and
    // 200 more spread over the int range.
    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int> { PairedResamplingTest.DefaultSeed, 0, 1, 7, -7, 161803398, -161803398, int.MaxValue, int.MinValue, int.MinValue + 1 };
        var spread = new Random(2026);
        for (var i = 0; i < 200; i++)
        {
            data.Add(spread.Next(int.MinValue, int.MaxValue));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void NextIndices_AnySeedAndBound_SameDrawsAsRandomNext(int seed)
    {
        // Bounds of paired-item counts (17 to 491 in the 200-run store) and the edges of Next(maxValue)'s range.
        int[] bounds = [1, 2, 3, 17, 340, 491, 1_000, 65_537, 1 << 30, int.MaxValue - 1, int.MaxValue];
        var expected = new Random(seed);
        var actual = new SeededRandomSequence(seed);
        foreach (var bound in bounds)
        {
            var draws = new int[997];
            actual.NextIndices(draws, bound);
            for (var i = 0; i < draws.Length; i++)
            {
                var want = expected.Next(bound);
                Assert.True(want == draws[i], $"seed {seed}, Next({bound}) draw {i}: Random gave {want}, the sequence {draws[i]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void NextBytes_AnySeed_SameBytesAsRandomNextBytes(int seed)
    {
        var expected = new Random(seed);
        var actual = new SeededRandomSequence(seed);
        foreach (var length in new[] { 1, 7, 43, 62, 500 })
        {
            var want = new byte[length];
            var got = new byte[length];
            expected.NextBytes(want);
            actual.NextBytes(got);
            Assert.Equal(want, got);
        }
    }

    [Fact]
    public void NextIndicesAndBytes_LongInterleavedRun_SameAsRandom()
    {
        // A test's worth of draws (10,000 resamples of 491 pairs) and bytes, interleaved as one Random would give them.
        var expected = new Random(PairedResamplingTest.DefaultSeed);
        var actual = new SeededRandomSequence(PairedResamplingTest.DefaultSeed);
        var draws = new int[491];
        var bytes = new byte[62];
        var wantBytes = new byte[62];
        for (var resample = 0; resample < PairedResamplingTest.Resamples; resample++)
        {
            actual.NextIndices(draws, draws.Length);
            foreach (var draw in draws)
            {
                var want = expected.Next(draws.Length);
                Assert.True(want == draw, $"resample {resample}: Random gave {want}, the sequence {draw}");
            }

            actual.NextBytes(bytes);
            expected.NextBytes(wantBytes);
            Assert.Equal(wantBytes, bytes);
        }
    }

    [Fact]
    public void NextIndices_BoundNotPositive_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SeededRandomSequence(1).NextIndices(new int[3], 0));
        Assert.Equal("maxValue", error.ParamName);
    }
}
