using RunnerHarness.Schema;
using RunnerHarness.Xunit;
using Xunit.Abstractions;

namespace RecordingFixture;

[Trait("area", "facts")]
public sealed class FactTests(ITestOutputHelper output)
{
    [Fact]
    public void Passes()
    {
        var context = ModelTestContext.Current;
        context.SuccessLevel = SuccessLevel.FullSuccess;
        context.Turns = 3;
        context.ToolCalls = 2;
        context.FinalScore = 0.75;
        context.AddTokens(100, 20);
        context.AddTokens(5, 1);
        context.SetMetric("latency_ms", 12.5);
        context.SetDimension("temperature", "0.2");
    }

    [Fact]
    public void FailsWithContext()
    {
        ModelTestContext.Current.Fail(ErrorCategory.ToolSelection, "picked the wrong tool");
        Assert.Fail("the model failed");
    }

    [Fact]
    public void Throws() => throw new InvalidOperationException("bad state");

    [Fact(Skip = "not today")]
    public void Skipped()
    {
    }

    [Fact]
    public void WritesOutput() => output.WriteLine("hello from the test");

    [Fact]
    public async Task AsyncPasses()
    {
        await Task.Delay(10);
        await Task.Yield();
        ModelTestContext.Current.Turns = 7;
        ModelTestContext.Current.SuccessLevel = SuccessLevel.PartialSuccess;
    }
}
