namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>The integration tests: one collection, so the fixtures are built once and runs do not compete for cores.</summary>
[CollectionDefinition(Name)]
public sealed class FixtureRuns : ICollectionFixture<FixtureProjects>
{
    public const string Name = "fixture projects";
}
