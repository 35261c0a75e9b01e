namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>
/// The integration tests whose fixture runs call no models: one `dotnet test` at a time, beside
/// <see cref="ModelFixtureRuns"/>. Two runs of one project at once are safe since each `dotnet test` has a bridge file of
/// its own (RunParametersBridgeRaceTests); no test in one collection touches a store, cache or limits folder of the other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FixtureRuns : ICollectionFixture<FixtureProjects>
{
    public const string Name = "fixture projects";
}
