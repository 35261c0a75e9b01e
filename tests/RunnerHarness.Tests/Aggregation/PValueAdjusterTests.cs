using RunnerHarness.Aggregation;

namespace RunnerHarness.Tests.Aggregation;

// References computed by hand from the definitions R's p.adjust implements:
// BH: p(k) * m / k made non-increasing from the largest; Holm: p(k) * (m - k + 1) made non-decreasing.
public class PValueAdjusterTests
{
    private static readonly double?[] Family = [0.01, 0.04, 0.03, 0.005];

    [Fact]
    public void Adjust_BenjaminiHochberg_MatchesHandComputedPAdjustBH()
    {
        // Sorted 0.005, 0.01, 0.03, 0.04 -> 0.02, 0.02, 0.04, 0.04 (p.adjust(c(.01,.04,.03,.005), "BH")).
        var adjusted = PValueAdjuster.Adjust(Family, PValueAdjustment.BenjaminiHochberg);

        AssertValues([0.02, 0.04, 0.04, 0.02], adjusted);
    }

    [Fact]
    public void Adjust_Holm_MatchesHandComputedPAdjustHolm()
    {
        // Sorted 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, max(0.06, 0.04*1) = 0.06.
        var adjusted = PValueAdjuster.Adjust(Family, PValueAdjustment.Holm);

        AssertValues([0.03, 0.06, 0.06, 0.02], adjusted);
    }

    [Fact]
    public void Adjust_UntestedCells_StayNullAndDoNotCountInTheFamily()
    {
        // Two tested cells: BH of (0.02, 0.04) is (0.04, 0.04); a family of 3 would give 0.06 for 0.02.
        var adjusted = PValueAdjuster.Adjust([0.02, null, 0.04], PValueAdjustment.BenjaminiHochberg);

        Assert.Null(adjusted[1]);
        Assert.Equal(0.04, adjusted[0]!.Value, 12);
        Assert.Equal(0.04, adjusted[2]!.Value, 12);
    }

    [Fact]
    public void Adjust_Large_CapsAtOne()
    {
        var adjusted = PValueAdjuster.Adjust([0.5, 0.9], PValueAdjustment.Holm);

        AssertValues([1.0, 1.0], adjusted);
    }

    [Fact]
    public void Adjust_None_KeepsValues() =>
        AssertValues([0.01, 0.04, 0.03, 0.005], PValueAdjuster.Adjust(Family, PValueAdjustment.None));

    private static void AssertValues(double[] expected, double?[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]!.Value, 12);
        }
    }
}
