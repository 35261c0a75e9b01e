namespace RunnerHarness.Packaging.Tests;

/// <summary>The tests that share the v2 and v3 consumer projects of one packed feed; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class GenerationPackages : ICollectionFixture<GenerationConsumers>
{
    public const string Name = "Packed packages of both xUnit generations";
}
