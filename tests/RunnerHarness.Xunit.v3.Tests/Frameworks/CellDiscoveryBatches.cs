namespace RunnerHarness.Xunit.v3.Tests.Frameworks;

/// <summary>
/// Model batches for <see cref="CellDiscoveryTests"/> to discover. Not exported from the assembly, so this project's own
/// xUnit run (under xUnit's framework, which cannot plan a batch) does not list them.
/// </summary>
internal static class CellDiscoveryBatches
{
    public sealed class EvalBatch
    {
        [Theory]
        [Trait("suite", "nightly")]
        [ModelMatrix(
            Models = ["gpt-4o-mini", "claude-3-5-haiku"],
            Providers = ["gpt-4o-mini=openai", "claude-3-5-haiku=anthropic"],
            PromptTypes = ["baseline", "optimal"],
            Difficulties = ["easy", "hard"],
            Axes = ["temperature=0.0,0.7"])]
        public void Run(ModelCase modelCase) => Assert.NotNull(modelCase);
    }
}
