namespace RunnerHarness.Packaging.Tests;

/// <summary>The tests that share one packed feed and one consumer project; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackages : ICollectionFixture<PackagedConsumer>
{
    public const string Name = "Packed packages";
}
