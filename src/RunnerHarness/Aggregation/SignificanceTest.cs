namespace RunnerHarness.Aggregation;

/// <summary>Which test produced a <see cref="ProportionTestResult"/>.</summary>
public enum SignificanceTest
{
    /// <summary>No test: a side has no model results.</summary>
    None,

    /// <summary>The two-sided pooled two-proportion z-test (every expected cell count at least 5).</summary>
    ZTest,

    /// <summary>Fisher's exact test, two-sided (some expected cell count below 5).</summary>
    FisherExact,
}
