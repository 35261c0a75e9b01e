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

    public sealed class TaggedBatch
    {
        // Traits that name an axis in another letter case, or give an axis's value in another case: xUnit lists them as
        // one trait with the axis (its trait names and values compare ignoring case), under the spelling declared here.
        [Theory]
        [Trait("Model", "gpt-4o-mini")]
        [Trait("difficulty", "EASY")]
        [ModelMatrix(
            Models = ["gpt-4o-mini"],
            PromptTypes = ["baseline"],
            Difficulties = ["easy", "hard"])]
        public void Run(ModelCase modelCase) => Assert.NotNull(modelCase);
    }
}
