using BenchmarkDotNet.Attributes;
using RunnerHarness.Aggregation;

namespace RunnerHarness.Benchmarks.Aggregation;

/// <summary>
/// One paired resampling test as the run trends make it: 491 per-item differences of two runs' success rates (the
/// largest run pair of the 200-run store), 10,000 resamples for the p-value and 10,000 for the bootstrap interval.
/// The operation is one test; <c>report --by-run</c> on that store makes 1,592 of them.
/// </summary>
[MemoryDiagnoser]
public class PairedResamplingBenchmarks
{
    private double[] _differences = [];

    /// <summary>The bootstrap p-value (<see langword="true"/>) or the default sign-flip p-value.</summary>
    [Params(false, true)]
    public bool Bootstrap { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Each item answered 1-4 times per run: differences of two success rates, as RunTrendBuilder pairs them.
        var random = new Random(11);
        _differences = [.. Enumerable.Range(0, 491).Select(_ =>
        {
            int earlier = 1 + random.Next(4), later = 1 + random.Next(4);
            return ((double)random.Next(later + 1) / later) - ((double)random.Next(earlier + 1) / earlier);
        })];
    }

    [Benchmark]
    public double? Compare() =>
        PairedResamplingTest.Compare(_differences, 0.05, Bootstrap ? PairedResampling.Bootstrap : PairedResampling.SignFlip, PairedResamplingTest.DefaultSeed).PValue;
}
