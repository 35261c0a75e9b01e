namespace RunnerHarness.Aggregation;

/// <summary>The special functions the significance tests need; .NET has no erf or log-gamma of its own.</summary>
internal static class NormalDistribution
{
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    // Numerical Recipes' erfcc coefficients, lowest power of t first.
    private static readonly double[] ErfcCoefficients =
    [
        -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806,
        0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277,
    ];

    /// <summary>P(|Z| >= |z|) for a standard normal Z.</summary>
    public static double TwoSidedPValue(double z) => Math.Min(1, Erfc(Math.Abs(z) / Math.Sqrt(2)));

    /// <summary>
    /// The complementary error function, by the Chebyshev fit of Numerical Recipes (2nd ed., erfcc):
    /// relative error below 1.2e-7 everywhere, ample for p-values.
    /// </summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var polynomial = 0.0;
        for (var i = ErfcCoefficients.Length - 1; i >= 0; i--)
        {
            polynomial = ErfcCoefficients[i] + (t * polynomial);
        }

        var r = t * Math.Exp(-(z * z) + polynomial);
        return x >= 0 ? r : 2 - r;
    }

    /// <summary>ln(Gamma(x)) for x > 0 by the Lanczos approximation (g = 7, n = 9): about 15 significant digits.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection formula keeps the series in its accurate range.
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        x -= 1;
        var a = Lanczos[0];
        var t = x + 7.5;
        for (var i = 1; i < Lanczos.Length; i++)
        {
            a += Lanczos[i] / (x + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }
}
