using RunnerHarness.Matrix;

namespace RunnerHarness.Models.Tests;

public sealed class SampleScopeTests
{
    [Fact]
    public async Task Enter_NestedOnParallelFlows_EachFlowSeesItsOwnSampleAndTheOuterOneReturns()
    {
        var outer = new MatrixSample { Model = "gpt-4o-mini", PromptType = "baseline", Difficulty = "easy", SampleIndex = 0 };
        using (SampleScope.Enter(outer))
        {
            var seen = await Task.WhenAll(Enumerable.Range(1, 4).Select(index => Task.Run(async () =>
            {
                using var inner = SampleScope.Enter(outer with { SampleIndex = index });
                await Task.Yield();
                return SampleScope.Current!.SampleIndex;
            })));

            Assert.Equal([1, 2, 3, 4], seen);
            Assert.Same(outer, SampleScope.Current);
        }

        Assert.Null(SampleScope.Current);
    }

    [Fact]
    public void Enter_WithoutUsageInsideARowScope_KeepsCountingIntoTheRowsUsage()
    {
        var usage = new Usage.SampleUsage();
        var sample = new MatrixSample { Model = "sim-small", PromptType = "cot", Difficulty = "hard", SampleIndex = 2 };
        using (SampleScope.Enter(sample, usage))
        using (SampleScope.Enter(sample with { FlawType = "sequence_disorder" }))
        {
            Assert.Same(usage, SampleScope.Usage);
            Assert.Equal("sequence_disorder", SampleScope.Current!.FlawType);
        }

        Assert.Null(SampleScope.Usage);
    }
}
