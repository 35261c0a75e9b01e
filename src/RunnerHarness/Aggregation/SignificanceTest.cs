namespace RunnerHarness.Aggregation;

/// <summary>Which test produced a <see cref="ProportionTestResult"/>.</summary>
internal enum SignificanceTest
{
    /// <summary>No test: a side has no model results, or (with a metric) no pairs.</summary>
    None,

    /// <summary>The two-sided pooled two-proportion z-test (unpaired; every expected cell count at least 5).</summary>
    ZTest,

    /// <summary>Fisher's exact test, two-sided (unpaired; some expected cell count below 5).</summary>
    FisherExact,

    /// <summary>McNemar's exact test on the discordant pairs (paired binary results, one sample per item and side).</summary>
    McNemarExact,

    /// <summary>McNemar's exact test, mid-p variant.</summary>
    McNemarMidP,

    /// <summary>Sign-flip permutation test of per-item mean differences (paired scores or repeated samples).</summary>
    SignFlipPermutation,

    /// <summary>Paired bootstrap test of per-item mean differences.</summary>
    PairedBootstrap,
}
