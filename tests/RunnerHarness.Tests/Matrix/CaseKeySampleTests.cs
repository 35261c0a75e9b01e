using RunnerHarness.Matrix;

namespace RunnerHarness.Tests.Matrix;

/// <summary>A case key is split into cell and sample in one place: <see cref="CaseKey.CellOf"/> and <see cref="CaseKey.SplitSample"/> agree.</summary>
public sealed class CaseKeySampleTests
{
    private const string Cell = "WorkflowBench.Tests#WorkflowBench.Batch.Run|model=gpt-4o-mini|prompt_type=optimal";

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(1234)]
    public void SplitSample_APlainSample_GivesTheCellOfCellOfAndTheIndex(int sample)
    {
        var key = $"{Cell}|#{sample}";

        var split = CaseKey.SplitSample(key);

        Assert.Equal((Cell.Length, sample), split);
        Assert.Equal(CaseKey.CellOf(key), key[..split!.Value.CellLength]);
    }

    [Theory]
    [InlineData("|#01")]
    [InlineData("|#+1")]
    [InlineData("|#x")]
    [InlineData("|#")]
    public void SplitSample_ASamplePartThatIsNoPlainNumber_IsNullWhileCellOfStillStripsIt(string samplePart)
    {
        var key = Cell + samplePart;

        Assert.Null(CaseKey.SplitSample(key));
        Assert.Equal(Cell, CaseKey.CellOf(key));
    }

    [Fact]
    public void SplitSample_AValueHoldingTheSampleMarker_SplitsAtTheRealSamplePart()
    {
        var key = CaseKey.Of("WorkflowBench.Tests", "WorkflowBench.Batch", "Run", [new("model", "odd|#9")], 2);

        var split = CaseKey.SplitSample(key);

        Assert.Equal(2, split!.Value.Sample);
        Assert.Equal(CaseKey.Of("WorkflowBench.Tests", "WorkflowBench.Batch", "Run", [new("model", "odd|#9")], null), key[..split.Value.CellLength]);
    }

    [Fact]
    public void SplitSample_AKeyWithoutSamplePart_IsNull()
    {
        Assert.Null(CaseKey.SplitSample(Cell));
        Assert.Equal(Cell, CaseKey.CellOf(Cell));
    }
}
