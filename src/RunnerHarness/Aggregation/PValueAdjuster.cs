namespace RunnerHarness.Aggregation;

/// <summary>Adjusts a family of p-values as R's <c>p.adjust</c> does (methods "BH", "holm", "none").</summary>
internal static class PValueAdjuster
{
    /// <summary>
    /// The adjusted p-values, in the order given; <see langword="null"/> entries (cells without a test) stay
    /// <see langword="null"/> and do not count in the family.
    /// </summary>
    public static double?[] Adjust(IReadOnlyList<double?> pValues, PValueAdjustment method)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var adjusted = new double?[pValues.Count];
        var tested = Enumerable.Range(0, pValues.Count).Where(i => pValues[i] is not null).OrderBy(i => pValues[i]!.Value).ToArray();
        var m = tested.Length;
        switch (method)
        {
            case PValueAdjustment.None:
                foreach (var i in tested)
                {
                    adjusted[i] = pValues[i];
                }

                break;
            case PValueAdjustment.Holm:
                // Step-down: the k-th smallest (from 1) times (m - k + 1), kept non-decreasing.
                var running = 0.0;
                for (var k = 0; k < m; k++)
                {
                    running = Math.Max(running, Math.Min(1, (m - k) * pValues[tested[k]]!.Value));
                    adjusted[tested[k]] = running;
                }

                break;
            case PValueAdjustment.BenjaminiHochberg:
                // Step-up: the k-th smallest times m / k, kept non-increasing from the largest down.
                var smallest = 1.0;
                for (var k = m - 1; k >= 0; k--)
                {
                    smallest = Math.Min(smallest, Math.Min(1, pValues[tested[k]]!.Value * m / (k + 1)));
                    adjusted[tested[k]] = smallest;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "Not a p-value adjustment.");
        }

        return adjusted;
    }
}
