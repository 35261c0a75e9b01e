namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>
/// The integration tests whose fixture runs call models (simulated or an in-process server): one `dotnet test` at a
/// time, since several share the fixture project's default model cache; beside <see cref="FixtureRuns"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ModelFixtureRuns : ICollectionFixture<FixtureProjects>
{
    public const string Name = "fixture projects calling models";
}
