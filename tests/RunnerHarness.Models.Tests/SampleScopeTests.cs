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
}
